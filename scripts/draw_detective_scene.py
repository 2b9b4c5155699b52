"""Draw the demo scene of the image "detective mystery" (a car wash at dawn).

An invented, stylised illustration made for this platform: simple shapes, no
faces, no real people or places. The hotspot regions in
``exercises/data/exercises.json`` are the ``HOTSPOTS`` boxes below (percent
of the width and height); keep both in step when the drawing changes.

    .venv/bin/python scripts/draw_detective_scene.py
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

W, H = 1200, 800
OUT = Path(__file__).resolve().parent.parent / "exercises/data/detective-scene.png"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

# (x, y, width, height) in percent, the same as the hotspots in the demo data.
HOTSPOTS = {
    "poster": (2, 16, 19, 31),
    "window": (23, 8, 22, 23),
    "man_with_documents": (35, 44, 12, 44),
    "door": (48, 27, 11, 33),
    "customer": (56, 60, 16, 32),
    "worker": (80, 30, 17, 46),
}


def px(x: float, y: float) -> tuple[int, int]:
    return round(x * W / 100), round(y * H / 100)


def box(x: float, y: float, w: float, h: float) -> tuple[int, int, int, int]:
    return (*px(x, y), *px(x + w, y + h))


def font(size: int):
    try:
        return ImageFont.truetype(FONT, size)
    except OSError:
        return ImageFont.load_default(size)


def person(draw, x, y, height, body, *, head="#8d6e5a", arms=None):
    """A stylised standing figure: head, body and legs, no face."""
    top = px(x, y)
    unit = height * H / 100
    cx, cy = top
    r = unit * 0.09
    draw.ellipse((cx - r, cy, cx + r, cy + 2 * r), fill=head)
    draw.rounded_rectangle(
        (cx - unit * 0.13, cy + 2.2 * r, cx + unit * 0.13, cy + unit * 0.6),
        radius=int(unit * 0.05),
        fill=body,
    )
    for side in (-1, 1):
        draw.rectangle(
            (
                cx + side * unit * 0.02 - (unit * 0.08 if side < 0 else 0),
                cy + unit * 0.58,
                cx + side * unit * 0.02 + (unit * 0.08 if side > 0 else 0),
                cy + unit,
            ),
            fill="#34404d",
        )
    if arms:
        draw.line(arms(cx, cy, unit), fill=body, width=int(unit * 0.06))


def scene() -> Image.Image:
    image = Image.new("RGB", (W, H), "#dfe7ef")
    draw = ImageDraw.Draw(image)
    # Dawn sky and the asphalt of the parking lot.
    draw.rectangle((0, 0, W, px(0, 30)[1]), fill="#f3d9c6")
    draw.rectangle(box(0, 58, 100, 42), fill="#8f969c")
    for x in range(0, 100, 12):
        draw.rectangle(box(x, 90, 6, 1.2), fill="#e8e8e8")

    # The building: a flat on the first floor, the car wash below.
    draw.rectangle(box(0, 4, 62, 55), fill="#e9dcc3", outline="#b9a88a", width=3)
    draw.rectangle(box(0, 2, 62, 3), fill="#9d5a3c")
    # Poster on the wall.
    draw.rectangle(box(3, 17, 17, 29), fill="white", outline="#555", width=2)
    lines = [
        ("ПОСАО У", 26, "#b00020"),
        ("НЕМАЧКОЈ!", 26, "#b00020"),
        ("2.000 € месечно", 20, "#222"),
        ("без искуства", 20, "#222"),
        ("пут и смештај", 20, "#222"),
        ("плаћени", 20, "#222"),
        ("позови одмах", 18, "#0b5cad"),
    ]
    x0, y0 = px(4, 19)
    for text, size, colour in lines:
        draw.text((x0, y0), text, font=font(size), fill=colour)
        y0 += size + 9
    # The first-floor window: mattresses side by side, clothes on a line.
    draw.rectangle(box(24, 9, 20, 21), fill="#3f4a57", outline="#6b5a45", width=6)
    for i in range(4):
        draw.rounded_rectangle(
            box(25 + i * 4.7, 22, 4.3, 6.5), radius=6, fill="#c9c2b5"
        )
    draw.line((*px(25, 14), *px(43, 14)), fill="#bbb", width=2)
    for i, colour in enumerate(("#6a8caf", "#a8584f", "#7d9c5b", "#c7a54a")):
        draw.rectangle(box(26 + i * 4.4, 14, 2.6, 5), fill=colour)
    draw.line((*px(34, 9), *px(34, 30)), fill="#6b5a45", width=4)
    # Sign of the car wash.
    draw.rectangle(box(22, 33, 24, 7), fill="#0b5cad")
    draw.text(px(23.5, 34.4), "ПЕРИОНИЦА", font=font(32), fill="white")
    # A side door with a padlock on the outside.
    draw.rectangle(box(49, 29, 9, 30), fill="#6d4c3d", outline="#3b2a22", width=4)
    draw.rectangle(box(56, 42, 2.6, 1.2), fill="#c0c0c0")
    draw.rounded_rectangle(box(56.2, 43, 2.2, 3.2), radius=4, fill="#d4a017")
    draw.arc(box(56.6, 41.4, 1.4, 2.8), 180, 360, fill="#888", width=4)

    # The open wash bay with a car and a worker with a hose.
    draw.rectangle(box(62, 12, 38, 47), fill="#5c6670")
    draw.rectangle(box(62, 10, 38, 4), fill="#0b5cad")
    draw.rounded_rectangle(box(65, 45, 20, 10), radius=18, fill="#b23a48")
    draw.rounded_rectangle(box(68, 39, 13, 8), radius=14, fill="#c9515e")
    for wx in (68, 80):
        draw.ellipse(box(wx, 52, 4.5, 6.5), fill="#222")
    person(
        draw,
        88,
        33,
        40,
        "#f0c419",
        arms=lambda cx, cy, u: (cx, cy + u * 0.3, cx - u * 0.35, cy + u * 0.42),
    )
    draw.line((*px(84, 49), *px(79, 52)), fill="#2c7fb8", width=5)
    for i in range(6):
        draw.ellipse(box(76 - i * 0.8, 51 + (i % 3), 0.8, 1.1), fill="#9fd3f5")

    # A dark van and a man holding a stack of red passports.
    draw.rounded_rectangle(box(7, 56, 30, 30), radius=26, fill="#2d333a")
    draw.rectangle(box(9, 59, 10, 10), fill="#1b1f24")
    draw.rectangle(box(21, 59, 13, 10), fill="#1b1f24")
    for wx in (10, 28):
        draw.ellipse(box(wx, 80, 6, 9), fill="#111")
    person(
        draw,
        42,
        47,
        40,
        "#4a5a6a",
        arms=lambda cx, cy, u: (cx, cy + u * 0.3, cx + u * 0.2, cy + u * 0.36),
    )
    for i in range(5):
        draw.rectangle(
            box(44, 60.5 - i * 0.9, 3.2, 1.6), fill="#8e1b2b", outline="#5b0f1b"
        )

    # A customer on a bench with a coffee, waiting for the car.
    draw.rectangle(box(57, 78, 14, 2.5), fill="#7b5a3a")
    draw.rectangle(box(58, 80, 1.2, 8), fill="#5e4329")
    draw.rectangle(box(69, 80, 1.2, 8), fill="#5e4329")
    person(draw, 63, 62, 26, "#5b8c5a", head="#c49a7c")
    draw.rectangle(box(65.5, 70, 1.4, 2.4), fill="white", outline="#777")
    return image


def main() -> None:
    image = scene().convert("P", palette=Image.Palette.ADAPTIVE, colors=64)
    image.save(OUT, optimize=True)
    print(f"{OUT} ({OUT.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
