package dev.husai.trainer.testbed;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;

/**
 * Full-batch training of the testbed until it groks: every step is one AdamW update on all training
 * pairs; every {@code evalEvery} steps the listeners see train/test loss and accuracy; training stops
 * when test accuracy on every held-out pair reaches the target, or when the step budget runs out.
 */
public final class GrokTrainer {
    private final GrokConfig config;
    private final List<GrokListener> listeners;

    public GrokTrainer(GrokConfig config, List<GrokListener> listeners) {
        this.config = config;
        this.listeners = List.copyOf(listeners);
    }

    /** Trains from the seeded initialisation. */
    public GrokResult train() {
        ModularAdditionData data = new ModularAdditionData(config.model().p(), config.trainFraction(), config.seed());
        TestbedWeights init = TestbedWeights.initial(config.model(), config.seed());
        try (NDManager manager = NDManager.newBaseManager();
             ModularTransformer model = new ModularTransformer(manager, init)) {
            Batch train = Batch.of(manager, data, data.trainIndices());
            Batch test = Batch.of(manager, data, data.testIndices());
            model.attachGradients();
            AdamW optimizer = new AdamW(model.parameters(), config.beta1(), config.beta2(), config.weightDecay());
            return loop(model, optimizer, train, test);
        }
    }

    private GrokResult loop(ModularTransformer model, AdamW optimizer, Batch train, Batch test) {
        List<GrokProgress> curve = new ArrayList<>();
        long start = System.nanoTime();
        GrokProgress last = null;
        int stopAt = config.maxSteps();
        Integer grokkedAt = null;
        for (int step = 0; step < stopAt; step++) {
            double trainLoss = trainStep(model, optimizer, train, step);
            if (!Double.isFinite(trainLoss)) {
                GrokProgress diverged = evaluate(model, train, test, step + 1, trainLoss, start);
                curve.add(diverged);
                listeners.forEach(l -> l.onEval(diverged));
                return new GrokResult(model.weights(), false, null, diverged, curve,
                        "diverged: non-finite training loss at step " + (step + 1));
            }
            if ((step + 1) % config.evalEvery() == 0 || step + 1 == stopAt) {
                last = evaluate(model, train, test, step + 1, trainLoss, start);
                curve.add(last);
                for (GrokListener l : listeners) {
                    l.onEval(last);
                }
                if (grokkedAt == null && last.testAccuracy() >= config.targetAccuracy()) {
                    grokkedAt = step + 1;
                    stopAt = Math.min(config.maxSteps() + config.cleanupSteps(), step + 1 + config.cleanupSteps());
                }
            }
        }
        boolean grokked = grokkedAt != null && last.testAccuracy() >= config.targetAccuracy();
        String outcome = grokked ? "grokked at step " + grokkedAt
                : grokkedAt != null ? "grokked at step " + grokkedAt + " but fell below target during cleanup"
                : "did not grok within " + config.maxSteps() + " steps";
        return new GrokResult(model.weights(), grokked, grokkedAt, last, curve, outcome);
    }

    private double trainStep(ModularTransformer model, AdamW optimizer, Batch train, int step) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            double loss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray lossArr = crossEntropy(model.forward(train.a(), train.b()).logitsBP(), train.y());
                gc.backward(lossArr);
                loss = lossArr.getFloat();
            }
            optimizer.step(config.lrAt(step));
            return loss;
        }
    }

    private GrokProgress evaluate(ModularTransformer model, Batch train, Batch test, int step, double trainLoss,
                                  long start) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray trainLogits = model.forward(train.a(), train.b()).logitsBP();
            NDArray testLogits = model.forward(test.a(), test.b()).logitsBP();
            return new GrokProgress(step, trainLoss, accuracy(trainLogits, train.y()),
                    crossEntropy(testLogits, test.y()).getFloat(), accuracy(testLogits, test.y()),
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    /**
     * Mean cross-entropy (no scalar operators inside the graph: see {@link ModularTransformer#torchOwned}).
     *  {@code -mean_i log softmax(logits_i)[y_i]}, in float32 (DJL's toType detaches the graph, so float64 as in Nanda et al. is not used). */
    public static NDArray crossEntropy(NDArray logitsBP, NDArray yB) {
        NDArray oneHotBP = yB.oneHot((int) logitsBP.getShape().get(1), DataType.FLOAT32);
        oneHotBP.attach(logitsBP.getManager());
        return crossEntropyOneHot(logitsBP, oneHotBP);
    }

    /**
     * {@link #crossEntropy} with the labels given one-hot {@code [B, P]} (precomputed once by callers that evaluate
     * many times). Every result is owned by the manager of {@code logitsBP}.
     */
    public static NDArray crossEntropyOneHot(NDArray logitsBP, NDArray oneHotBP) {
        NDArray pickedB = logitsBP.logSoftmax(1).mul(oneHotBP).sum(new int[] {1});
        return pickedB.mean().neg();
    }

    /** Fraction of rows whose argmax equals the label; every intermediate is owned by the manager of {@code logitsBP}. */
    public static double accuracy(NDArray logitsBP, NDArray yB) {
        NDArray predicted = logitsBP.argMax(1).toType(DataType.INT32, false);
        return predicted.eq(yB).toType(DataType.FLOAT32, false).mean().getFloat();
    }
}
