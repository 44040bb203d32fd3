/// Folder runs: walking inputs, naming outputs, scheduling decode → convolve → encode, reports, shards.
public enum Batch {}
