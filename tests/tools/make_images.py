#!/usr/bin/env python3
"""Draws the example pictures briefpack ships (no image is taken from the web):
city emblems, portraits, album photos for briefs/, and the image-kind test
fixtures in tests/fixtures/images/. Deterministic: run it again and the same
files come out. Needs Pillow (pip install pillow).

Usage: python3 tests/tools/make_images.py  (from the repository root)
"""
import math
import os
import random

from PIL import Image, ImageDraw, ImageFilter

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def path(*p):
    full = os.path.join(ROOT, *p)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    return full


def gradient(w, h, top, bottom):
    img = Image.new("RGB", (w, h))
    d = ImageDraw.Draw(img)
    for y in range(h):
        t = y / max(h - 1, 1)
        d.line([(0, y), (w, y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom)))
    return img


def emblem(colors, spikes, seed):
    """A round seal on a transparent background (RGBA PNG)."""
    s = 600
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.ellipse([10, 10, s - 10, s - 10], fill=colors[0] + (255,))
    d.ellipse([60, 60, s - 60, s - 60], fill=(250, 248, 240, 255))
    cx = cy = s / 2
    pts = []
    for i in range(spikes * 2):
        r = 210 if i % 2 == 0 else 95
        a = math.pi * i / spikes - math.pi / 2
        pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    d.polygon(pts, fill=colors[1] + (255,))
    d.ellipse([cx - 60, cy - 60, cx + 60, cy + 60], fill=colors[0] + (255,))
    random.seed(seed)
    for i in range(24):
        a = 2 * math.pi * i / 24
        x, y = cx + 255 * math.cos(a), cy + 255 * math.sin(a)
        d.ellipse([x - 9, y - 9, x + 9, y + 9], fill=(250, 248, 240, 255))
    return img


def portrait(bg, suit, skin, seed):
    """A drawn head-and-shoulders figure, 800x1000 JPEG."""
    w, h = 800, 1000
    img = gradient(w, h, bg, tuple(max(c - 60, 0) for c in bg))
    d = ImageDraw.Draw(img)
    d.ellipse([110, 640, 690, 1300], fill=suit)
    d.polygon([(400, 650), (340, 760), (400, 900), (460, 760)], fill=(245, 245, 245))
    d.rectangle([360, 520, 440, 680], fill=skin)
    d.ellipse([250, 200, 550, 580], fill=skin)
    random.seed(seed)
    hair = random.choice([(30, 25, 20), (60, 45, 35), (90, 90, 90)])
    d.chord([240, 170, 560, 470], 180, 360, fill=hair)
    return img.filter(ImageFilter.GaussianBlur(1.2))


def scene(kind, seed, w=2400, h=1600):
    """A large 'photo' (to exercise downsampling): a skyline, a hall or a stage."""
    random.seed(seed)
    if kind == "skyline":
        img = gradient(w, h, (120, 170, 225), (250, 210, 170))
        d = ImageDraw.Draw(img)
        x = 0
        while x < w:
            bw = random.randint(90, 260)
            bh = random.randint(300, 1100)
            shade = random.randint(40, 90)
            d.rectangle([x, h - bh, x + bw, h], fill=(shade, shade + 10, shade + 30))
            for wy in range(h - bh + 30, h - 40, 60):
                for wx in range(x + 15, x + bw - 20, 40):
                    if random.random() < 0.45:
                        d.rectangle([wx, wy, wx + 18, wy + 28], fill=(250, 220, 140))
            x += bw + random.randint(5, 40)
        if seed % 2:
            # A tower like Astana's Bayterek: a stem with a golden ball.
            d.rectangle([w * 0.48, h * 0.35, w * 0.52, h], fill=(235, 235, 230))
            d.ellipse([w * 0.44, h * 0.22, w * 0.56, h * 0.40], fill=(230, 180, 60))
    elif kind == "hall":
        img = gradient(w, h, (235, 232, 225), (200, 195, 185))
        d = ImageDraw.Draw(img)
        d.polygon([(0, h), (w * 0.3, h * 0.55), (w * 0.7, h * 0.55), (w, h)], fill=(170, 150, 120))
        for i in range(5):
            x0 = 150 + i * 450
            col = [(190, 40, 40), (30, 90, 160), (230, 170, 40), (40, 130, 90), (120, 60, 140)][i]
            d.rectangle([x0, 300, x0 + 340, 800], fill=(250, 250, 250), outline=(80, 80, 80), width=6)
            d.rectangle([x0 + 30, 330, x0 + 310, 560], fill=col)
            for ly in range(600, 780, 40):
                d.line([(x0 + 30, ly), (x0 + 310, ly)], fill=(120, 120, 120), width=8)
        for i in range(9):
            px = random.randint(100, w - 100)
            py = random.randint(1050, 1450)
            d.ellipse([px - 45, py - 190, px + 45, py - 100], fill=(90, 70, 60))
            d.rectangle([px - 60, py - 100, px + 60, py + 120], fill=random.choice([(40, 50, 80), (120, 30, 30), (30, 30, 30)]))
    else:  # stage
        img = gradient(w, h, (30, 20, 60), (90, 30, 80))
        d = ImageDraw.Draw(img)
        d.rectangle([0, h * 0.7, w, h], fill=(60, 40, 30))
        for i in range(7):
            x = 200 + i * 320
            d.polygon([(x, 0), (x - 150, h * 0.7), (x + 150, h * 0.7)], fill=(120 + i * 15, 100, 160))
        for i in range(6):
            x = 350 + i * 330
            d.ellipse([x - 50, h * 0.45 - 60, x + 50, h * 0.45 + 40], fill=(230, 190, 160))
            d.rectangle([x - 70, h * 0.45 + 40, x + 70, h * 0.7], fill=random.choice([(200, 30, 60), (250, 250, 250), (30, 60, 160)]))
    return img.filter(ImageFilter.GaussianBlur(1.5))


def save_jpeg(img, *p, **kw):
    img.convert("RGB").save(path(*p), "JPEG", quality=88, optimize=True, **kw)


# Example data.
emblem(((0, 110, 170), (240, 190, 40)), 8, 1).save(path("briefs", "cities", "astana", "photos", "emblem.png"))
emblem(((200, 40, 60), (30, 70, 150)), 5, 2).save(path("briefs", "cities", "seoul", "photos", "emblem.png"))
people = {
    "astana": {"tavida": ((180, 200, 220), (40, 50, 90), (225, 190, 160)),
               "nurlan": ((200, 190, 170), (30, 30, 40), (215, 180, 150)),
               "arman": ((170, 200, 190), (50, 40, 40), (210, 175, 145)),
               "yerlan": ((210, 200, 220), (20, 40, 70), (220, 185, 155))},
    "seoul": {"wiparat": ((190, 210, 230), (90, 30, 50), (230, 195, 165)),
              "yim": ((200, 200, 180), (30, 35, 45), (225, 195, 160)),
              "park-won-soon": ((185, 195, 210), (25, 25, 30), (220, 190, 160))},
}
for city, ps in people.items():
    for i, (pid, (bg, suit, skin)) in enumerate(sorted(ps.items())):
        save_jpeg(portrait(bg, suit, skin, i), "briefs", "cities", city, "photos", f"{pid}.jpg")
for city, kinds in {"astana": ["hall", "skyline", "hall", "skyline"], "seoul": ["stage", "skyline", "hall", "stage"]}.items():
    for i, kind in enumerate(kinds):
        # 1500x1000: more than the ~200 dpi an album column needs, so packs show the downsampling.
        img = scene(kind, i + (10 if city == "seoul" else 0)).resize((1500, 1000), Image.LANCZOS)
        save_jpeg(img, "briefs", "cities", city, "photos", f"album-{i + 1}.jpg")

# Test fixtures: one file per image kind the engine must handle.
fx = ("tests", "fixtures", "images")
emblem(((0, 110, 170), (240, 190, 40)), 6, 3).resize((300, 300)).save(path(*fx, "rgba.png"))
scene("skyline", 5, 600, 400).convert("L").save(path(*fx, "grey.png"))
scene("hall", 6, 600, 400).convert("CMYK").save(path(*fx, "cmyk.jpg"), "JPEG", quality=85)
# EXIF orientation 6: stored landscape (600x400), shown rotated 90° clockwise (400x600).
exif = Image.Exif()
exif[0x0112] = 6
scene("stage", 7, 600, 400).save(path(*fx, "exif-rotated.jpg"), "JPEG", quality=85, exif=exif.tobytes())
scene("skyline", 8, 4000, 3000).save(path(*fx, "large.jpg"), "JPEG", quality=85)
with open(path(*fx, "large.jpg"), "rb") as f:
    good = f.read()
with open(path(*fx, "corrupt.jpg"), "wb") as f:
    f.write(good[:600])  # a header and then nothing
print("images written")
