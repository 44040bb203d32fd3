/// Feature-map post-processing: built-in kernels, bank files, normalisation, colormaps, contact sheets.
public enum FeatureMaps {}
