package dev.husai.trainer.testbed;

import ai.djl.engine.Engine;
import ai.djl.ndarray.*;
import ai.djl.training.GradientCollector;

public class NanProbe {
    public static void main(String[] args) {
        TestbedConfig m = TestbedConfig.NANDA;
        ModularAdditionData data = new ModularAdditionData(113, 0.5, 0);
        int steps = Integer.parseInt(args[0]);
        try (NDManager manager = NDManager.newBaseManager();
             ModularTransformer model = new ModularTransformer(manager, TestbedWeights.initial(m, 0))) {
            Batch train = Batch.of(manager, data, data.trainIndices());
            model.attachGradients();
            AdamW opt = new AdamW(model.parameters(), 0.9, 0.98, 1.0);
            for (int step = 0; step < steps; step++) {
                try (NDScope scope = new NDScope()) {
                    float loss;
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray l = GrokTrainer.crossEntropy(model.forward(train.a(), train.b()).logitsBP(), train.y());
                        gc.backward(l);
                        loss = l.getFloat();
                    }
                    if (!Float.isFinite(loss)) {
                        System.out.println("NaN loss at step " + step);
                        model.parameters().forEach((k, v) -> System.out.println(k + " param finite=" + v.isInfinite().logicalOr(v.isNaN()).none().getBoolean() + " grad finite=" + v.getGradient().isInfinite().logicalOr(v.getGradient().isNaN()).none().getBoolean()));
                        System.out.println("a min/max " + train.a().min().getInt() + " " + train.a().max().getInt() + " y " + train.y().min().getInt() + " " + train.y().max().getInt());
                        return;
                    }
                    opt.step(1e-3 * Math.min(1.0, (step + 1) / 10.0));
                }
            }
            System.out.println("no NaN in " + steps);
        }
    }
}
