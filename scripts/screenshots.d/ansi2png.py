#!/usr/bin/env python3
"""Render `tmux capture-pane -e -p` output (text with SGR colour escapes) to
PNG, or several captures to an animated GIF. Used by scripts/screenshots.

    ansi2png.py png OUT.png FRAME.ansi
    ansi2png.py gif OUT.gif FRAME.ansi:MILLISECONDS [FRAME.ansi:MS ...]

Why by hand: no browser or terminal emulator is needed, only Pillow and the
DejaVu fonts (Debian's fonts-dejavu-core). Box-drawing characters are drawn
as lines rather than glyphs so borders join up whatever the line height.
"""

import re
import sys

from PIL import Image, ImageDraw, ImageFont

FONT_DIR = "/usr/share/fonts/truetype/dejavu/"
SIZE = 15
PAD = 14

# A dark palette in the spirit of common terminal themes.
BG = (30, 33, 39)
FG = (220, 223, 228)
PALETTE = [
    (40, 44, 52), (224, 108, 117), (152, 195, 121), (229, 192, 123),
    (97, 175, 239), (198, 120, 221), (86, 182, 194), (171, 178, 191),
    (92, 99, 112), (240, 130, 140), (170, 215, 140), (240, 210, 140),
    (120, 190, 250), (215, 140, 235), (110, 200, 210), (255, 255, 255),
]


def xterm256(n):
    if n < 16:
        return PALETTE[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return (steps[n // 36], steps[(n // 6) % 6], steps[n % 6])
    v = 8 + (n - 232) * 10
    return (v, v, v)


class Style:
    def __init__(self):
        self.reset()

    def reset(self):
        self.fg = None
        self.bg = None
        self.bold = False
        self.dim = False
        self.reverse = False
        self.underline = False

    def copy(self):
        s = Style()
        s.__dict__.update(self.__dict__)
        return s

    def apply(self, params):
        codes = [int(p) if p else 0 for p in params.split(";")] if params else [0]
        i = 0
        while i < len(codes):
            c = codes[i]
            if c == 0:
                self.reset()
            elif c == 1:
                self.bold = True
            elif c == 2:
                self.dim = True
            elif c == 4:
                self.underline = True
            elif c == 7:
                self.reverse = True
            elif c == 22:
                self.bold = self.dim = False
            elif c == 24:
                self.underline = False
            elif c == 27:
                self.reverse = False
            elif 30 <= c <= 37:
                self.fg = PALETTE[c - 30]
            elif 90 <= c <= 97:
                self.fg = PALETTE[c - 90 + 8]
            elif 40 <= c <= 47:
                self.bg = PALETTE[c - 40]
            elif 100 <= c <= 107:
                self.bg = PALETTE[c - 100 + 8]
            elif c == 39:
                self.fg = None
            elif c == 49:
                self.bg = None
            elif c in (38, 48) and i + 1 < len(codes):
                if codes[i + 1] == 5 and i + 2 < len(codes):
                    colour = xterm256(codes[i + 2])
                    i += 2
                elif codes[i + 1] == 2 and i + 4 < len(codes):
                    colour = tuple(codes[i + 2:i + 5])
                    i += 4
                else:
                    colour = None
                if c == 38:
                    self.fg = colour
                else:
                    self.bg = colour
            i += 1


SGR = re.compile(r"\x1b\[([0-9;]*)m|\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


def parse(text):
    """Lines of (char, style) cells."""
    rows = []
    style = Style()
    for line in text.split("\n"):
        cells = []
        pos = 0
        for m in SGR.finditer(line):
            for ch in line[pos:m.start()]:
                cells.append((ch, style.copy()))
            if m.group(0).endswith("m") and m.group(1) is not None:
                style.apply(m.group(1))
            pos = m.end()
        for ch in line[pos:]:
            cells.append((ch, style.copy()))
        rows.append(cells)
    while rows and not rows[-1]:
        rows.pop()
    return rows


# Box drawing: (left, right, up, down) arms for each character.
BOX = {
    "─": (1, 1, 0, 0), "│": (0, 0, 1, 1), "┌": (0, 1, 0, 1), "┐": (1, 0, 0, 1),
    "└": (0, 1, 1, 0), "┘": (1, 0, 1, 0), "╭": (0, 1, 0, 1), "╮": (1, 0, 0, 1),
    "╰": (0, 1, 1, 0), "╯": (1, 0, 1, 0), "├": (0, 1, 1, 1), "┤": (1, 0, 1, 1),
    "┬": (1, 1, 0, 1), "┴": (1, 1, 1, 0), "┼": (1, 1, 1, 1),
}


class Renderer:
    def __init__(self):
        self.regular = ImageFont.truetype(FONT_DIR + "DejaVuSansMono.ttf", SIZE)
        self.bold = ImageFont.truetype(FONT_DIR + "DejaVuSansMono-Bold.ttf", SIZE)
        self.fallback = ImageFont.truetype(FONT_DIR + "DejaVuSans.ttf", SIZE)
        self.cw = round(self.regular.getlength("M"))
        ascent, descent = self.regular.getmetrics()
        self.ch = ascent + descent + 2
        self.notdef = bytes(self.regular.getmask("\ue000"))
        self.missing = {}

    def font_for(self, ch, bold):
        # A glyph the mono font lacks renders as its "missing" box: use the
        # proportional DejaVu Sans for those (✓, some arrows).
        if ch not in self.missing:
            self.missing[ch] = ord(ch) > 127 and bytes(self.regular.getmask(ch)) == self.notdef
        if self.missing[ch]:
            return self.fallback
        return self.bold if bold else self.regular

    def render(self, rows, width, height):
        img = Image.new("RGB", (width * self.cw + 2 * PAD, height * self.ch + 2 * PAD), BG)
        draw = ImageDraw.Draw(img)
        for y, cells in enumerate(rows[:height]):
            for x, (ch, st) in enumerate(cells[:width]):
                fg = st.fg or FG
                bg = st.bg
                if st.reverse:
                    fg, bg = (bg or BG), (st.fg or FG)
                if st.dim:
                    fg = tuple((a + b) // 2 for a, b in zip(fg, BG))
                left, top = PAD + x * self.cw, PAD + y * self.ch
                if bg:
                    draw.rectangle([left, top, left + self.cw - 1, top + self.ch - 1], fill=bg)
                if ch in BOX:
                    self.box(draw, ch, left, top, fg)
                elif ch != " ":
                    draw.text((left, top + 1), ch, font=self.font_for(ch, st.bold), fill=fg)
                if st.underline:
                    draw.line([left, top + self.ch - 2, left + self.cw, top + self.ch - 2], fill=fg)
        return img

    def box(self, draw, ch, left, top, colour):
        l, r, u, d = BOX[ch]
        cx, cy = left + self.cw // 2, top + self.ch // 2
        if l:
            draw.line([left, cy, cx, cy], fill=colour)
        if r:
            draw.line([cx, cy, left + self.cw, cy], fill=colour)
        if u:
            draw.line([cx, top, cx, cy], fill=colour)
        if d:
            draw.line([cx, cy, cx, top + self.ch], fill=colour)


def load(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return parse(f.read())


def main(argv):
    if len(argv) < 4 or argv[1] not in ("png", "gif"):
        sys.exit(__doc__)
    mode, out, inputs = argv[1], argv[2], argv[3:]
    frames = []
    for item in inputs:
        path, _, ms = item.partition(":") if mode == "gif" else (item, "", "0")
        frames.append((load(path), int(ms or 1000)))
    width = max(len(cells) for rows, _ in frames for cells in rows)
    height = max(len(rows) for rows, _ in frames)
    renderer = Renderer()
    images = [renderer.render(rows, width, height) for rows, _ in frames]
    if mode == "png":
        images[0].save(out, optimize=True)
    else:
        images[0].save(
            out,
            save_all=True,
            append_images=images[1:],
            duration=[ms for _, ms in frames],
            loop=0,
            optimize=True,
        )


if __name__ == "__main__":
    main(sys.argv)
