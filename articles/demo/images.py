"""Pictures for the demo newsroom, drawn with Pillow (no files shipped, nothing downloaded)."""

import io
import random

from PIL import Image as PILImage
from PIL import ImageDraw

PALETTES = [
    ((32, 64, 110), (230, 150, 90)),  # dusk
    ((20, 90, 80), (200, 220, 170)),  # river
    ((90, 30, 40), (240, 200, 120)),  # lanterns
    ((40, 40, 60), (150, 170, 200)),  # winter
    ((110, 80, 40), (240, 230, 200)),  # wheat
    ((30, 30, 30), (200, 60, 60)),  # night market
]


def draw_scene(seed, width=1800, height=1200, transparent=False):
    """A made-up landscape: a sky gradient, hills and a few shapes. Returns (bytes, extension)."""
    rng = random.Random(seed)
    top, bottom = PALETTES[seed % len(PALETTES)]
    mode = "RGBA" if transparent else "RGB"
    picture = PILImage.new(mode, (width, height), (0, 0, 0, 0) if transparent else top)
    draw = ImageDraw.Draw(picture)
    if not transparent:
        for y in range(height):
            t = y / height
            draw.line([(0, y), (width, y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
    sun_x, sun_y, radius = rng.randint(200, width - 200), rng.randint(150, height // 2), rng.randint(60, 160)
    draw.ellipse([sun_x - radius, sun_y - radius, sun_x + radius, sun_y + radius], fill=(250, 235, 200, 255))
    for layer in range(3):
        base = height * (0.55 + layer * 0.12)
        shade = tuple(max(0, c - 40 * (layer + 1)) for c in bottom) + (255,)
        points = [(0, height)]
        for x in range(0, width + 100, 100):
            points.append((x, base + rng.randint(-60, 60)))
        points.append((width, height))
        draw.polygon(points, fill=shade)
    for _ in range(rng.randint(3, 7)):
        x, w = rng.randint(0, width - 120), rng.randint(30, 90)
        h = rng.randint(80, 300)
        draw.rectangle([x, height - h - 80, x + w, height - 80], fill=(20, 20, 25, 255))
    buffer = io.BytesIO()
    if transparent:
        picture.save(buffer, "PNG", optimize=True)
        return buffer.getvalue(), "png"
    picture.save(buffer, "JPEG", quality=85, optimize=True)
    return buffer.getvalue(), "jpg"


def draw_portrait(seed, size=600):
    """A simple head-and-shoulders silhouette on a coloured background."""
    rng = random.Random(seed)
    background = tuple(rng.randint(120, 220) for _ in range(3))
    picture = PILImage.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(picture)
    ink = tuple(c // 3 for c in background)
    draw.ellipse([size * 0.32, size * 0.18, size * 0.68, size * 0.56], fill=ink)
    draw.ellipse([size * 0.15, size * 0.6, size * 0.85, size * 1.2], fill=ink)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    return buffer.getvalue(), "jpg"
