"""Personal check-in QR codes."""

import segno


def checkin_payload(registration) -> str:
    # Only the unguessable token: the scanner looks it up on the server.
    return f"CZZTLJ:{registration.checkin_token}"


def token_from_scan(text: str) -> str:
    text = (text or "").strip()
    return text.split(":", 1)[1] if text.upper().startswith("CZZTLJ:") else text


def qr_svg(registration, *, scale: int = 5) -> str:
    """An inline SVG of the person's check-in QR code."""
    code = segno.make(checkin_payload(registration), error="m")
    return code.svg_inline(scale=scale, title="QR", dark="#111")


def qr_png(registration, *, scale: int = 6) -> bytes:
    import io

    buffer = io.BytesIO()
    segno.make(checkin_payload(registration), error="m").save(
        buffer, kind="png", scale=scale
    )
    return buffer.getvalue()
