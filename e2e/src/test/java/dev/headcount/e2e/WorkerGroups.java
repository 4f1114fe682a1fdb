package dev.headcount.e2e;

import dev.headcount.events.Topics;
import dev.headcount.events.WorkUnit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;

/** The GPU workers' consumer groups: which service is in which group, which units it does, and their assignment. */
final class WorkerGroups {
    /** A worker service, its consumer group on its work topic, and the kinds of unit it does. */
    record Worker(String service, String group, String topic, Set<WorkUnit.Kind> kinds) {
    }

    static final List<Worker> WORKERS = List.of(
            new Worker("scorer-service", "scorer", Topics.SCORING_JOBS, Set.of(WorkUnit.Kind.SCORE, WorkUnit.Kind.PRUNE)),
            new Worker("pruner-service", "pruner", Topics.PRUNING_JOBS,
                    Set.of(WorkUnit.Kind.EVALUATE)),
            new Worker("finetune-service", "finetuner", Topics.FINETUNE_JOBS, Set.of(WorkUnit.Kind.FINETUNE)));

    private WorkerGroups() {
    }

    /**
     * Waits until each worker group is stable with {@code members} members that share every partition of its work
     * topic round-robin (the assignor the services configure), so that an experiment submitted now is not
     * interrupted by a rebalance (a late join would move a partition mid-unit and legitimately redeliver its unit).
     */
    static void awaitBalanced(String bootstrapServers, int members, Duration timeout) throws Exception {
        awaitBalanced(bootstrapServers, WORKERS, members, timeout);
    }

    /** As {@link #awaitBalanced(String, int, Duration)}, for the groups of {@code workers} only. */
    static void awaitBalanced(String bootstrapServers, List<Worker> workers, int members, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            for (Worker worker : workers) {
                String last = "not described yet";
                while (true) {
                    ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(worker.group())).all()
                            .get(30, TimeUnit.SECONDS).get(worker.group());
                    last = describe(group);
                    if (balanced(group, worker, members)) {
                        break;
                    }
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("group " + worker.group() + " not balanced over " + members
                                + " members with the round-robin assignor after " + timeout + ": " + last);
                    }
                    Thread.sleep(500);
                }
            }
        }
    }

    private static boolean balanced(ConsumerGroupDescription group, Worker worker, int members) {
        if (group.groupState() != GroupState.STABLE || group.members().size() != members
                || !"roundrobin".equals(group.partitionAssignor())) {
            return false;
        }
        int assigned = 0;
        for (MemberDescription member : group.members()) {
            long mine = member.assignment().topicPartitions().stream()
                    .filter(p -> p.topic().equals(worker.topic())).count();
            if (mine == 0) {
                return false;
            }
            assigned += (int) mine;
        }
        return assigned == Topics.WORK_PARTITIONS;
    }

    private static String describe(ConsumerGroupDescription group) {
        StringBuilder out = new StringBuilder(group.groupState() + ", assignor " + group.partitionAssignor() + ", "
                + group.members().size() + " members:");
        for (MemberDescription member : group.members()) {
            out.append(' ').append(member.clientId()).append('@').append(member.host()).append(' ')
                    .append(member.assignment().topicPartitions());
        }
        return out.toString();
    }
}
