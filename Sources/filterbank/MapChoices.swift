import ArgumentParser
import FeatureMaps

/// `--normalize` for commands that draw maps: how floats become pixels (`none` is not a picture).
enum NormalizeChoice: String, ExpressibleByArgument, CaseIterable {
    /// Each map's own min → 0, max → 255.
    case minmax
    /// Values clamped to 0…255 as they are.
    case clamp
    /// |x| scaled by the largest magnitude.
    case abs
    /// 0 at the middle, ±max|x| at the ends (pairs with coolwarm).
    case signed

    /// The FeatureMaps mode.
    var mode: Normalization { Normalization(rawValue: rawValue)! }
}

/// `--colormap` for commands that draw maps.
enum ColormapChoice: String, ExpressibleByArgument, CaseIterable {
    case gray, viridis, magma, coolwarm

    /// The FeatureMaps colormap.
    var colormap: Colormap { Colormap(rawValue: rawValue)! }
}

/// `--normalize` and `--colormap` of the commands that draw float maps (`render`, `activations`).
struct MapLookOptions: ParsableArguments {
    @Option(help: "How floats become pixels in maps and sheets.")
    var normalize: NormalizeChoice = .minmax

    @Option(help: "Colours one-channel maps and sheets (coolwarm goes well with --normalize signed).")
    var colormap: ColormapChoice = .gray

    /// The FeatureMaps normalisation.
    var normalization: Normalization { normalize.mode }
    /// The FeatureMaps colormap.
    var chosenColormap: Colormap { colormap.colormap }
}
