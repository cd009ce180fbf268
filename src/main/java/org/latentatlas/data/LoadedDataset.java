package org.latentatlas.data;

/** A loaded train/test split and the metadata that describes it. */
public record LoadedDataset(Split split, DatasetMetadata metadata) {}
