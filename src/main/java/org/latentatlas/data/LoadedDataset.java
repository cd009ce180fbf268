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
     * chosen, and where a subset holds only some of them, how many ("10 classes, 3 of them among these 5 images":
     * the set's class list alone would promise classes a --limit left out); null for data without labels, which has
     * nothing to tell.
     */
    public String classes() {
        if (!labelled) {
            return null;
        }
        int n = metadata.classNames().size();
        int present = presentClasses();
        int images = split.train().size() + split.test().size();
        return String.format(Locale.ROOT, "%d class%s%s%s", n, n == 1 ? "" : "es",
                labelColumn == null ? "" : " from " + labelColumn,
                present < n ? String.format(Locale.ROOT, ", %d of them among these %d images", present, images) : "");
    }

    /** How many classes have an example in the train or test split. */
    private int presentClasses() {
        int[] train = split.train().classCounts();
        int[] test = split.test().classCounts();
        int present = 0;
        for (int c = 0; c < train.length; c++) {
            present += train[c] + (c < test.length ? test[c] : 0) > 0 ? 1 : 0;
        }
        return present;
    }
}
