package dev.husai.app.cli;

import dev.husai.trainer.testbed.TestbedConfig;
import picocli.CommandLine.Option;

/** The testbed's shape flags, shared by commands that build a model (defaults: Nanda et al. 2023). */
public final class TestbedOptions {
    @Option(names = "--p", defaultValue = "113", description = "modulus p (default ${DEFAULT-VALUE})")
    int p;
    @Option(names = "--d-model", defaultValue = "128", description = "residual width (default ${DEFAULT-VALUE})")
    int dModel;
    @Option(names = "--heads", defaultValue = "4", description = "attention heads (default ${DEFAULT-VALUE})")
    int heads;
    @Option(names = "--d-head", defaultValue = "32", description = "head width (default ${DEFAULT-VALUE})")
    int dHead;
    @Option(names = "--d-mlp", defaultValue = "512", description = "MLP width (default ${DEFAULT-VALUE})")
    int dMlp;

    public TestbedConfig config() {
        return new TestbedConfig(p, dModel, heads, dHead, dMlp);
    }
}
