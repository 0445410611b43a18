"""What a whole text column holds, read from its bytes at once instead of cell by cell.

pyarrow keeps a column's texts as one run of UTF-8 bytes. A million-row extract's columns were
stripped of spaces, searched for control characters and stripped of them (three regular
expressions over every cell, ~0.4 s for the large extract's audits); the bytes say in a few
milliseconds that a column holds nothing to strip. Each check answers "nothing here" only when
that is certain, and "look cell by cell" otherwise (also for a column pyarrow does not hold).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

# Bytes that can start or end a whitespace character: ASCII controls and space, and every byte
# of a multi-byte character (no-break and other Unicode spaces).
_SPACE_EDGE = np.zeros(256, dtype=bool)
_SPACE_EDGE[: 0x20 + 1] = True
_SPACE_EDGE[0x80:] = True


def _texts(values: pd.Series) -> list[tuple[np.ndarray, np.ndarray]] | None:
    """(offsets, bytes) of each pyarrow chunk of `values`; None when pyarrow does not hold it
    as text (then the caller looks cell by cell)."""
    if not isinstance(values.dtype, pd.StringDtype) or values.dtype.storage != "pyarrow":
        return None
    array = values.array.__arrow_array__()
    chunks = array.chunks if isinstance(array, pa.ChunkedArray) else [array]
    texts = []
    for chunk in chunks:
        if not (pa.types.is_string(chunk.type) or pa.types.is_large_string(chunk.type)):
            return None
        _, offsets_buffer, data_buffer = chunk.buffers()
        width = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
        offsets = np.frombuffer(offsets_buffer, dtype=width)[
            chunk.offset : chunk.offset + len(chunk) + 1
        ]
        data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer else np.zeros(0, np.uint8)
        # Missing cells may hold bytes too: counted, they can only make an answer "look closer".
        texts.append((offsets - offsets[0], data[offsets[0] : offsets[-1]]))
    return texts


def printable_ascii(values: pd.Series) -> bool:
    """True when every text of `values` is printable ASCII (space to `~`): nothing to strip."""
    texts = _texts(values)
    return texts is not None and all(
        data.size == 0 or (data.min() >= 0x20 and data.max() <= 0x7E) for _, data in texts
    )


def no_edge_spaces(values: pd.Series) -> bool:
    """True when no text of `values` starts or ends with a space or other whitespace (nor
    with any non-ASCII character): stripping them would change nothing."""
    texts = _texts(values)
    if texts is None:
        return False
    for offsets, data in texts:
        filled = offsets[1:] > offsets[:-1]
        firsts, lasts = offsets[:-1][filled], offsets[1:][filled] - 1
        if _SPACE_EDGE[data[firsts]].any() or _SPACE_EDGE[data[lasts]].any():
            return False
    return True
