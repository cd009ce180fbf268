package org.latentatlas.data;

import java.util.Locale;

/**
 * A loaded train/test split and the metadata that describes it.
 *
 * @param labelled    whether the data has labels: false for a CSV read without --csv-label, whose examples all
 *                    fall in one class, "unlabelled"
 * @param labelColumn the CSV column the labels came from ({@link Csv.Read#labelColumn()}), or null where no column
 *                    was chosen: the format holds them (an IDX labels file, class folders, a named set) or there
 *                    are none
 */
public record LoadedDataset(Split split, DatasetMetadata metadata, boolean labelled, String labelColumn) {
    /** Data whose format holds its labels. */
    public LoadedDataset(Split split, DatasetMetadata metadata) {
        this(split, metadata, true, null);
    }

    /** The same data split, subsampled or relabelled otherwise: where its labels came from still holds. */
    public LoadedDataset with(Split split, DatasetMetadata metadata) {
        return new LoadedDataset(split, metadata, labelled, labelColumn);
    }

    /**
     * The classes for a summary line, "10 classes from column 1 (label)" or "10 classes" where no column was
     * chosen; null for data without labels, which has nothing to tell.
     */
    public String classes() {
        if (!labelled) {
            return null;
        }
        int n = metadata.classNames().size();
        return String.format(Locale.ROOT, "%d class%s%s", n, n == 1 ? "" : "es",
                labelColumn == null ? "" : " from " + labelColumn);
    }
}
