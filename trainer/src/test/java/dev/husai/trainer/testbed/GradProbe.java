package dev.husai.trainer.testbed;

import ai.djl.engine.Engine;
import ai.djl.ndarray.*;
import ai.djl.training.GradientCollector;

public class GradProbe {
    public static void main(String[] args) {
        TestbedConfig m = new TestbedConfig(23, 128, 4, 32, 512);
        ModularAdditionData data = new ModularAdditionData(23, 0.5, 0);
        try (NDManager manager = NDManager.newBaseManager();
             ModularTransformer model = new ModularTransformer(manager, TestbedWeights.initial(m, 0))) {
            Batch train = Batch.of(manager, data, data.trainIndices());
            model.attachGradients();
            AdamW opt = new AdamW(model.parameters(), 0.9, 0.98, 1.0);
            for (int it = 0; it < 5; it++) {
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.zeroGradients();
                var f = model.forward(train.a(), train.b());
                System.out.println("logits " + f.logitsBP().getShape() + " " + f.logitsBP().abs().max().getFloat());
                NDArray loss = GrokTrainer.crossEntropy(f.logitsBP(), train.y());
                System.out.println("loss " + loss.getFloat());
                gc.backward(loss);
            }
            model.parameters().forEach((k, v) -> System.out.println(k + " grad norm " + v.getGradient().norm().getFloat()));
            try (NDScope s = new NDScope()) { opt.step(1e-3); }
            model.parameters().forEach((k, v) -> System.out.println(k + " norm " + v.norm().getFloat()));
            }
        }
    }
}
