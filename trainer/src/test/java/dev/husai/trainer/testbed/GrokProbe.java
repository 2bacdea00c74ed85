package dev.husai.trainer.testbed;

import java.util.List;

/** Manual probe: java ... GrokProbe p frac lr maxSteps. */
public class GrokProbe {
    public static void main(String[] args) {
        int p = Integer.parseInt(args[0]);
        double frac = Double.parseDouble(args[1]);
        double lr = Double.parseDouble(args[2]);
        int max = Integer.parseInt(args[3]);
        TestbedConfig m = new TestbedConfig(p, 128, 4, 32, 512);
        GrokConfig c = new GrokConfig(m, frac, lr, 1.0, 0.9, 0.98, 10, max, Integer.parseInt(args[4]), 0.99, 0);
        GrokResult r = new GrokTrainer(c, List.of(pr -> System.out.println(pr))).train();
        System.out.println("grokked=" + r.grokked() + " " + r.last());
    }
}
