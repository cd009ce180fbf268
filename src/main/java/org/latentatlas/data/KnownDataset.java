package org.latentatlas.data;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * A dataset the tool knows by name: its four IDX files (own train/test split), where they are downloaded
 * from, and folders where a system package may have installed them. Tests build their own instances with
 * a local server and the hashes of files they made.
 *
 * @param name             the name given to {@code --dataset}
 * @param classNames       one display name per label value
 * @param baseUrl          folder URL the four files are fetched from (ends with '/')
 * @param files            train images, train labels, test images, test labels, in that order
 * @param systemLocations  folders searched after the data dir and the cache (e.g. a Debian package's)
 * @param installHint      how to get the files other than --download, or null
 */
public record KnownDataset(String name, List<String> classNames, URI baseUrl, List<RemoteFile> files,
                           List<Path> systemLocations, String installHint) {
    public KnownDataset {
        classNames = List.copyOf(classNames);
        files = List.copyOf(files);
        systemLocations = List.copyOf(systemLocations);
        if (files.size() != 4) {
            throw new IllegalArgumentException(name + ": expected 4 files (train images, train labels, test images, "
                    + "test labels), got " + files.size());
        }
        if (!baseUrl.toString().endsWith("/")) {
            throw new IllegalArgumentException(name + ": base URL must end with '/', got " + baseUrl);
        }
    }

    public RemoteFile trainImages() {
        return files.get(0);
    }

    public RemoteFile trainLabels() {
        return files.get(1);
    }

    public RemoteFile testImages() {
        return files.get(2);
    }

    public RemoteFile testLabels() {
        return files.get(3);
    }

    /** The same set fetched from another server (a mirror, or a test's local server). */
    public KnownDataset withBaseUrl(URI url) {
        String s = url.toString();
        return new KnownDataset(name, classNames, URI.create(s.endsWith("/") ? s : s + "/"), files,
                systemLocations, installHint);
    }
}
