"""QR code (SVG) that opens the study information on the family's own phone."""
import io

import segno


def info_qr_svg(url: str) -> bytes:
    """An SVG QR code that holds ``url`` and nothing else (no record data)."""
    qr = segno.make(url, error="m")
    out = io.BytesIO()
    qr.save(out, kind="svg", scale=6, border=2, dark="#000", light="#fff", xmldecl=False,
            svgns=True, title="QR", svgclass="qr", lineclass=None)
    return out.getvalue()
