package org.latentatlas.cli;

import java.lang.reflect.Proxy;

/**
 * Keeps Ctrl-C Java's: the shutdown hooks run (a training run says which checkpoint it can be resumed from, the
 * explorer closes its server) and the exit code is 130.
 *
 * <p>The progress-bar library draws on a terminal through JLine, and JLine, as it opens the terminal, sets SIGINT
 * back to the operating system's default action: a Ctrl-C then killed the JVM outright, no hook ran, and a checkpoint
 * being written was left as a temporary file. {@link #keepJavas} puts a handler back that exits as the JVM's own
 * does, through {@code sun.misc.Signal} (module {@code jdk.unsupported}, which exists for such uses). It is called by
 * reflection, as JLine calls it, because javac warns at every compile about a direct use of {@code sun.misc}.
 */
final class Interrupts {
    /** The exit code of a process ended by SIGINT (128 + 2), as the JVM's own handler gives it. */
    static final int EXIT_CODE = 130;

    private Interrupts() {}

    /** Makes SIGINT exit through {@code System.exit(130)}, so that the shutdown hooks run. Idempotent. */
    static void keepJavas() {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object exit = Proxy.newProxyInstance(Interrupts.class.getClassLoader(), new Class<?>[] {handlerType},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            System.exit(EXIT_CODE);
                            yield null;
                        }
                        case "equals" -> proxy == args[0];
                        case "hashCode" -> System.identityHashCode(proxy);
                        default -> "exit " + EXIT_CODE + " on SIGINT";
                    });
            signal.getMethod("handle", signal, handlerType)
                    .invoke(null, signal.getConstructor(String.class).newInstance("INT"), exit);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // -Xrs (the signal left to the operating system), or a JDK without the API: Ctrl-C as it was.
        }
    }
}
