package dev.headcount.engine.evaluation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.headcount.engine.autograd.Autograd;
import dev.headcount.engine.autograd.Finite;
import dev.headcount.engine.data.TaskSpec;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.model.ForwardOptions;
import dev.headcount.engine.objective.LossResult;
import dev.headcount.engine.objective.MlmMasking;
import dev.headcount.engine.objective.Objective;
import dev.headcount.engine.objective.Objectives;
import dev.headcount.engine.objective.TaskBatch;
import dev.headcount.engine.pruning.HeadMask;
import dev.headcount.metrics.ClassificationMetrics;
import dev.headcount.metrics.ExamplePredictions;
import dev.headcount.metrics.CorrelationMetrics;
import dev.headcount.metrics.MaskedLmScore;
import dev.headcount.metrics.Metric;
import dev.headcount.metrics.RetrievalMetrics;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/** Scores a model, under a head mask, on a task's examples with the task's metrics. */
public final class Evaluator {

    private final ForwardOptions options;

    public Evaluator(ForwardOptions options) {
        this.options = options.withAttentionEntropy(false);
    }

    public Evaluator() {
        this(ForwardOptions.evaluation());
    }

    /**
     * @param mask gates for every head of every pass, or null for the model as it is
     * @param progress receives the number of examples done, or null
     */
    public Evaluation evaluate(EncoderModel model, TaskSpec spec, List<? extends TaskBatch> batches, HeadMask mask,
                               IntConsumer progress) {
        Objective objective = Objectives.forKind(spec.kind());
        Collector collector = new Collector(spec);
        int done = 0;
        int index = 0;
        for (TaskBatch batch : batches) {
            // recording off on whatever thread evaluates (see Autograd.noGrad): no graph, no kept intermediates
            try (NDManager m = model.newBatchManager(); var off = Autograd.noGrad()) {
                NDArray gates = mask == null || mask.isAllOnes() ? null : gates(m, mask);
                LossResult r = objective.loss(model, m, batch, gates, options);
                String where = "evaluation on " + spec.name() + ", batch " + ++index + " (examples " + (done + 1)
                        + "-" + (done + batch.size()) + ")";
                Finite.check(r.mean().getFloat(), "loss of " + where);
                collector.add(batch, r, where);
            }
            done += batch.size();
            if (progress != null) {
                progress.accept(done);
            }
        }
        return collector.result();
    }

    private static NDArray gates(NDManager m, HeadMask mask) {
        float[] flat = new float[mask.passes() * mask.heads()];
        for (int l = 0; l < mask.passes(); l++) {
            System.arraycopy(mask.values()[l], 0, flat, l * mask.heads(), mask.heads());
        }
        return m.create(flat, new Shape(1, mask.passes(), mask.heads()));
    }

    /** Accumulates predictions and losses batch by batch, on the host. */
    private static final class Collector {
        private final TaskSpec spec;
        private final List<Integer> predicted = new ArrayList<>();
        private final List<Integer> gold = new ArrayList<>();
        private final List<Double> outputs = new ArrayList<>();
        private final List<Double> targets = new ArrayList<>();
        private MaskedLmScore mlm;
        private double lossSum;
        private long lossCount;
        // per example, for resampling (ExamplePredictions): retrieval hits and their candidate counts; masked LM
        // loss sums, correct and masked tokens (an example without a masked token has zeros)
        private final List<Boolean> hits = new ArrayList<>();
        private final List<Integer> candidates = new ArrayList<>();
        private final List<Double> tokenLossSums = new ArrayList<>();
        private final List<Integer> tokensCorrect = new ArrayList<>();
        private final List<Integer> tokensMasked = new ArrayList<>();
        private long examples;

        Collector(TaskSpec spec) {
            this.spec = spec;
        }

        /** @param where names the batch in an error about a non-finite model output */
        void add(TaskBatch batch, LossResult r, String where) {
            examples += batch.size();
            if (batch instanceof TaskBatch.Classification c) {
                Finite.check(r.predictions().toFloatArray(), "model output of " + where, i -> "element " + i);
                long[] argMax = r.predictions().argMax(1).toLongArray();
                for (int i = 0; i < argMax.length; i++) {
                    predicted.add((int) argMax[i]);
                    gold.add((int) c.labels()[i]);
                }
                addLoss(r.mean().getFloat(), batch.size());
            } else if (batch instanceof TaskBatch.Regression g) {
                float[] out = Finite.check(r.predictions().toFloatArray(), "model output of " + where,
                        i -> "element " + i);
                for (int i = 0; i < out.length; i++) {
                    outputs.add((double) out[i]);
                    targets.add((double) g.targets()[i]);
                }
                addLoss(r.mean().getFloat(), batch.size());
            } else if (batch instanceof TaskBatch.MaskedLm l) {
                addMaskedLm(l, r);
            } else if (batch instanceof TaskBatch.Pairs p) {
                float[] sim = Finite.check(r.predictions().toFloatArray(), "model output of " + where,
                        i -> "element " + i);
                int n = p.size();
                double[][] matrix = new double[n][n];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        matrix[i][j] = sim[i * n + j];
                    }
                }
                for (boolean hit : RetrievalMetrics.inBatchHits(matrix)) {
                    hits.add(hit);
                    candidates.add(n);
                }
                addLoss(r.mean().getFloat(), n);
            }
        }

        private void addMaskedLm(TaskBatch.MaskedLm batch, LossResult r) {
            int rows = batch.labels().length;
            int[] maskedOfRow = new int[rows];
            List<Long> labels = new ArrayList<>();
            for (int row = 0; row < rows; row++) {
                for (long label : batch.labels()[row]) {
                    if (label != MlmMasking.IGNORE) {
                        labels.add(label);
                        maskedOfRow[row]++;
                    }
                }
            }
            if (r.predictions() == null) {
                for (int row = 0; row < rows; row++) {
                    addMaskedExample(0, 0, 0);
                }
                return;
            }
            long[] target = labels.stream().mapToLong(Long::longValue).toArray();
            NDArray logits = r.predictions();
            long[] argMax = logits.argMax(1).toLongArray();
            float[] perToken = Objective.crossEntropyRows(logits, logits.getManager().create(target)).toFloatArray();
            boolean[] correct = new boolean[target.length];
            double[] losses = new double[target.length];
            for (int i = 0; i < target.length; i++) {
                correct[i] = argMax[i] == target[i];
                losses[i] = perToken[i];
            }
            // labels are in row-major order, so each row's masked tokens are a consecutive run
            int token = 0;
            for (int row = 0; row < rows; row++) {
                double lossSum = 0;
                int hit = 0;
                for (int k = 0; k < maskedOfRow[row]; k++, token++) {
                    lossSum += losses[token];
                    hit += correct[token] ? 1 : 0;
                }
                addMaskedExample(lossSum, hit, maskedOfRow[row]);
            }
            MaskedLmScore score = MaskedLmScore.of(losses, correct);
            mlm = mlm == null ? score : mlm.plus(score);
        }

        private void addMaskedExample(double lossSum, int correct, int masked) {
            tokenLossSums.add(lossSum);
            tokensCorrect.add(correct);
            tokensMasked.add(masked);
        }

        private void addLoss(double mean, int n) {
            lossSum += mean * n;
            lossCount += n;
        }

        Evaluation result() {
            Map<Metric, Double> metrics = new EnumMap<>(Metric.class);
            double loss = lossCount == 0 ? Double.NaN : lossSum / lossCount;
            int[] p = predicted.stream().mapToInt(Integer::intValue).toArray();
            int[] g = gold.stream().mapToInt(Integer::intValue).toArray();
            double[] o = outputs.stream().mapToDouble(Double::doubleValue).toArray();
            double[] t = targets.stream().mapToDouble(Double::doubleValue).toArray();
            for (Metric metric : spec.metrics()) {
                double value = switch (metric) {
                    case ACCURACY -> ClassificationMetrics.accuracy(p, g);
                    case F1 -> ClassificationMetrics.f1(p, g);
                    case MATTHEWS_CORRELATION -> ClassificationMetrics.matthewsCorrelation(p, g);
                    case PEARSON -> CorrelationMetrics.pearson(o, t);
                    case SPEARMAN -> CorrelationMetrics.spearman(o, t);
                    case MLM_LOSS -> mlm == null ? Double.NaN : mlm.loss();
                    case PERPLEXITY -> mlm == null ? Double.NaN : mlm.perplexity();
                    case MLM_ACCURACY -> mlm == null ? Double.NaN : mlm.accuracy();
                    case RETRIEVAL_ACCURACY -> examples == 0 ? Double.NaN
                            : hits.stream().filter(Boolean::booleanValue).count() / (double) examples;
                };
                metrics.put(metric, value);
            }
            if (mlm != null) {
                loss = mlm.loss();
            }
            return new Evaluation(loss, metrics, examples, examples == 0 ? null : predictions(p, g, o, t));
        }

        private ExamplePredictions predictions(int[] p, int[] g, double[] o, double[] t) {
            if (!tokensMasked.isEmpty()) {
                return new ExamplePredictions.MaskedTokens(
                        tokenLossSums.stream().mapToDouble(Double::doubleValue).toArray(),
                        tokensCorrect.stream().mapToInt(Integer::intValue).toArray(),
                        tokensMasked.stream().mapToInt(Integer::intValue).toArray());
            }
            if (!hits.isEmpty()) {
                return new ExamplePredictions.Hits(booleans(hits), candidates.stream().mapToInt(Integer::intValue).toArray());
            }
            return o.length > 0 ? new ExamplePredictions.Scores(o, t) : new ExamplePredictions.Classes(p, g);
        }

        private static boolean[] booleans(List<Boolean> values) {
            boolean[] out = new boolean[values.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = values.get(i);
            }
            return out;
        }
    }
}
