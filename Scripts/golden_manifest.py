"""What the golden-fixture scripts (make_conv_goldens.py, make_border_goldens.py) share: float32 .npy
files and a cases.json manifest with one case per line, which keeps it readable and its diffs small."""

import json

import numpy as np


def save(path, array):
    np.save(path, np.ascontiguousarray(array, dtype=np.float32))


def write_manifest(path, header, records):
    """Writes {**header, "cases": records} with each record on its own line."""
    lines = json.dumps(header, indent=1)[:-2]
    lines += ',\n "cases": [\n' + ",\n".join("  " + json.dumps(r) for r in records) + "\n ]\n}\n"
    json.loads(lines)
    with open(path, "w") as f:
        f.write(lines)
