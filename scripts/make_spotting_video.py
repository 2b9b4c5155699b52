"""Make the demo video of "video indicator spotting" (a bus station at dawn).

An invented, stylised animation made for this platform: simple shapes, no
faces, no real people or places, no sound. Frames are drawn with Pillow and
encoded with ffmpeg (Debian's package) as H.264 MP4, the format every phone
and browser plays; the WebVTT captions are written beside it. The expert's
marks in ``exercises/data/exercises.json`` follow ``SCENES`` below: keep both
in step when the drawing changes.

    .venv/bin/python scripts/make_spotting_video.py
"""

import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

W, H, FPS = 640, 360, 10
DATA = Path(__file__).resolve().parent.parent / "exercises/data"
VIDEO = DATA / "spotting-bus-station.mp4"
CAPTIONS = DATA / "spotting-bus-station.vtt"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

# (start, end, what is drawn, caption)
SCENES = [
    (
        0.0,
        3.0,
        "waiting",
        "Аутобуска станица, шест ујутру. Четворица радника чекају комби.",
    ),
    (3.0, 6.0, "passports", "Човек: „Пасоше дајте мени, да се не изгубе.“"),
    (6.0, 9.5, "debt", "Радник: „Пут и смештај враћамо од плате. Дуг само расте.“"),
    (9.5, 12.5, "address", "„Где ћемо радити?“ — „Не знам. Он нас вози.“"),
    (
        12.5,
        15.0,
        "speaks_for",
        "Човек: „Они не причају српски. Ја говорим уместо њих.“",
    ),
]
DURATION = SCENES[-1][1]


def font(size: int):
    return ImageFont.truetype(FONT, size)


def person(draw, x: int, y: int, colour: str, scale: float = 1.0) -> None:
    """A figure without a face: a head, a body, legs."""
    r = int(16 * scale)
    draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    draw.rounded_rectangle(
        (x - r, y + r + 4, x + r, y + int(90 * scale)), radius=8, fill=colour
    )
    draw.rectangle(
        (x - r + 4, y + int(90 * scale), x - 4, y + int(130 * scale)), fill="#333"
    )
    draw.rectangle(
        (x + 4, y + int(90 * scale), x + r - 4, y + int(130 * scale)), fill="#333"
    )


def frame(t: float, scene: str) -> Image.Image:
    sky = (40 + int(10 * t), 60 + int(8 * t), 110 + int(6 * t))
    image = Image.new("RGB", (W, H), sky)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 250, W, H), fill="#5a5a5a")  # the platform
    draw.rectangle((20, 40, 200, 80), fill="#1d4f91")
    draw.text((30, 48), "АУТОБУСКА СТАНИЦА", font=font(13), fill="white")
    for index, x in enumerate((300, 360, 420, 480)):
        person(draw, x, 150 + (index % 2) * 4, "#c9a227")
    boss_x = 200 if scene != "waiting" else 120 + int(20 * t)
    person(draw, boss_x, 140, "#8b1e1e", 1.1)
    if scene == "passports":
        for k in range(min(4, int((t - 3.0) * 2) + 1)):
            draw.rectangle(
                (boss_x + 20, 190 - k * 8, boss_x + 44, 204 - k * 8),
                fill="#7a1f3d",
                outline="white",
            )
    if scene == "debt":
        draw.rounded_rectangle((340, 60, 600, 120), radius=12, fill="white")
        draw.text((355, 75), "ДУГ: 800 → 950 → 1200 €", font=font(16), fill="#8b1e1e")
    if scene == "address":
        draw.rounded_rectangle((320, 60, 520, 110), radius=12, fill="white")
        draw.text((335, 72), "АДРЕСА: ???", font=font(20), fill="#111")
    if scene == "speaks_for":
        draw.rounded_rectangle((60, 60, 300, 110), radius=12, fill="white")
        draw.text((75, 75), "„Ја ћу да причам.“", font=font(18), fill="#111")
    draw.text((W - 70, H - 28), f"{t:4.1f} s", font=font(14), fill="white")
    return image


def vtt_time(seconds: float) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"00:{int(minutes):02d}:{rest:06.3f}"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        for number in range(int(DURATION * FPS)):
            t = number / FPS
            scene = next(s for s in SCENES if s[0] <= t < s[1])[2]
            frame(t, scene).save(Path(folder) / f"f{number:04d}.png")
        subprocess.run(
            [
                "ffmpeg", "-y", "-loglevel", "error", "-framerate", str(FPS),
                "-i", str(Path(folder) / "f%04d.png"), "-c:v", "libx264",
                "-pix_fmt", "yuv420p", "-profile:v", "baseline", "-crf", "28",
                "-movflags", "+faststart", str(VIDEO),
            ],
            check=True,
        )  # fmt: skip
    lines = ["WEBVTT", ""]
    for number, (start, end, _scene, caption) in enumerate(SCENES, start=1):
        lines += [str(number), f"{vtt_time(start)} --> {vtt_time(end)}", caption, ""]
    CAPTIONS.write_text("\n".join(lines), encoding="utf-8")
    print(VIDEO, VIDEO.stat().st_size, CAPTIONS)


if __name__ == "__main__":
    main()
