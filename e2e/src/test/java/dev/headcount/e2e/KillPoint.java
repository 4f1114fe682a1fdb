package dev.headcount.e2e;

import java.util.function.Predicate;

/**
 * One injected fault: {@code kill -9} of {@code service} once {@code reached} holds for the experiment being run
 * (what has been observed so far: its events, its services' logs), {@code delayMillis} later. {@code point} says where
 * that is, with the ordinal and delay the seed chose, for the {@code KILL |} summary line.
 */
record KillPoint(String service, String point, Predicate<Watch> reached, long delayMillis) {

    KillPoint {
        if (!dev.headcount.localstack.ServiceProcesses.SERVICES.contains(service)) {
            throw new IllegalArgumentException("kill point '" + point + "': no service " + service + " (have "
                    + dev.headcount.localstack.ServiceProcesses.SERVICES + ")");
        }
        if (delayMillis < 0) {
            throw new IllegalArgumentException("kill point '" + point + "': delayMillis must be >= 0, was "
                    + delayMillis);
        }
    }

    /** What a trigger may look at: the experiment, every event seen of it, and each service's log since it began. */
    interface Watch {
        String experimentId();

        ExperimentEvents events();

        /** {@code service}'s log (every run of it, restarts included) from the experiment's submission on. */
        String log(String service);

        /** How many lines of {@code service}'s log, since the experiment began, match {@code regex}. */
        default int logLines(String service, String regex) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex, java.util.regex.Pattern.MULTILINE)
                    .matcher(log(service));
            int n = 0;
            while (m.find()) {
                n++;
            }
            return n;
        }
    }

    @Override
    public String toString() {
        return service + " " + point;
    }
}
