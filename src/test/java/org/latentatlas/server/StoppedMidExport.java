package org.latentatlas.server;

import java.nio.file.Path;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A child JVM for {@link ExportStagingTest}: starts an export into {@code args[0]} and, with its first file staged,
 * ends the JVM as Ctrl-C does: {@code System.exit(130)} from another thread (the signal's), while this one waits.
 */
public final class StoppedMidExport {
    private StoppedMidExport() {}

    public static void main(String[] args) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>() {
            @Override
            public Set<Map.Entry<String, byte[]>> entrySet() { // the order writeAll stages the files in
                Set<Map.Entry<String, byte[]>> all = super.entrySet();
                return new AbstractSet<>() {
                    @Override
                    public int size() {
                        return all.size();
                    }

                    @Override
                    public Iterator<Map.Entry<String, byte[]>> iterator() {
                        Iterator<Map.Entry<String, byte[]>> each = all.iterator();
                        return new Iterator<>() {
                            private int given;

                            @Override
                            public boolean hasNext() {
                                return each.hasNext();
                            }

                            @Override
                            public Map.Entry<String, byte[]> next() {
                                if (given++ == 1) {
                                    interrupt();
                                }
                                return each.next();
                            }
                        };
                    }
                };
            }
        };
        files.put("index.html", new byte[1000]);
        files.put("points.json", new byte[1000]);
        ExplorerExport.write(ExplorerExport.claim(Path.of(args[0]), false), files);
        System.out.println("not interrupted");
    }

    private static void interrupt() {
        new Thread(() -> System.exit(130)).start();
        try {
            Thread.sleep(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
