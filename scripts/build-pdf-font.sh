#!/usr/bin/env bash
# Builds the Simplified Chinese fonts the PDF documents embed (lib/pdf/fonts/), from Noto Sans CJK.
#
# @react-pdf/renderer (fontkit) cannot read a .ttc collection, and the app must render Chinese on a
# machine without system fonts, so we ship the SC face of Noto Sans CJK as plain OpenType (CFF)
# files, subset to what a member statement can contain:
#   NotoSansSC-Regular.otf  ASCII, Latin-1, Latin Extended-A and pinyin tone letters, general
#                           punctuation, currency, letterlike and number forms, arrows, enclosed
#                           numbers, box drawing, shapes, CJK symbols and punctuation, kana,
#                           bopomofo, enclosed CJK, vertical and compatibility forms, full-width
#                           forms, every GB2312 character, and the whole CJK Unified Ideographs
#                           block (U+4E00–U+9FFF, 20,992 code points: the rarer characters of
#                           members' names too, i.e. the 通用规范汉字表 except its few characters
#                           in the Extension A–F blocks). About 9 MB.
#   NotoSansSC-Bold.otf     the same symbols, but only the GB2312 ideographs (6,763): bold is used
#                           for headings and labels; text outside it falls back to Regular (the
#                           documents give fontFamily: [bold, regular]). About 3 MB.
# Licence: SIL Open Font License 1.1 (OFL.txt beside the fonts, written by this script).
#
# Needs fontTools (Debian: apt-get install python3-fonttools; or pip install fonttools) and the
# Debian package fonts-noto-cjk (for the .ttc files and the licence text). Run from the repo root:
#   bash scripts/build-pdf-font.sh
set -euo pipefail

SOURCE_DIR="${NOTO_CJK_DIR:-/usr/share/fonts/opentype/noto}"
LICENCE_SOURCE="${NOTO_CJK_COPYRIGHT:-/usr/share/doc/fonts-noto-cjk/copyright}"
OUT_DIR="lib/pdf/fonts"
# Index of "Noto Sans CJK SC" in NotoSansCJK-{Regular,Bold}.ttc (0 JP, 1 KR, 2 SC, 3 TC, 4 HK).
SC_INDEX=2

PYTHON="${PYTHON:-}"
if [ -z "$PYTHON" ]; then
  for candidate in python3 /usr/bin/python3; do
    if "$candidate" -c "import fontTools" 2>/dev/null; then PYTHON="$candidate"; break; fi
  done
fi
if [ -z "$PYTHON" ]; then
  echo "fontTools not found: apt-get install python3-fonttools (or pip install fonttools)" >&2
  exit 1
fi

mkdir -p "$OUT_DIR"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Check that the collection's face is the one we expect before subsetting it.
"$PYTHON" - "$SOURCE_DIR/NotoSansCJK-Regular.ttc" "$SC_INDEX" <<'PY'
import sys
from fontTools.ttLib import TTFont
name = TTFont(sys.argv[1], fontNumber=int(sys.argv[2]), lazy=True)["name"].getDebugName(4)
if name != "Noto Sans CJK SC":
    sys.exit(f"face {sys.argv[2]} is {name!r}, not Noto Sans CJK SC")
PY

# Every character of GB2312 (6,763 hanzi plus its symbols, Greek, Cyrillic, kana, pinyin).
"$PYTHON" - "$work/gb2312.txt" <<'PY'
import sys
chars = set()
for high in range(0xA1, 0xF8):
    for low in range(0xA1, 0xFF):
        try:
            chars.add(bytes([high, low]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
open(sys.argv[1], "w", encoding="utf-8").write("".join(sorted(chars)))
PY

SYMBOLS="U+0020-007E,U+00A0-00FF,U+0100-017F,U+01CD-01DC,U+02C7,U+02C9-02CB,U+2000-206F,U+20A0-20BF,U+2100-218F,U+2190-21FF,U+2460-24FF,U+2500-257F,U+25A0-25FF,U+2605-2606,U+3000-303F,U+3040-30FF,U+3100-312F,U+3200-32FF,U+FE10-FE1F,U+FE30-FE4F,U+FF00-FFEF"
COMMON=(--no-hinting --name-IDs=0,1,2,3,4,5,6,7,13,14 --name-languages=0x409 --font-number="$SC_INDEX")

"$PYTHON" -m fontTools.subset "$SOURCE_DIR/NotoSansCJK-Regular.ttc" "${COMMON[@]}" \
  --unicodes="$SYMBOLS,U+4E00-9FFF" --text-file="$work/gb2312.txt" \
  --output-file="$OUT_DIR/NotoSansSC-Regular.otf"
"$PYTHON" -m fontTools.subset "$SOURCE_DIR/NotoSansCJK-Bold.ttc" "${COMMON[@]}" \
  --unicodes="$SYMBOLS" --text-file="$work/gb2312.txt" \
  --output-file="$OUT_DIR/NotoSansSC-Bold.otf"

{
  echo "Noto Sans CJK SC (subset: NotoSansSC-Regular.otf, NotoSansSC-Bold.otf)"
  echo "Copyright © 2014-2021 Adobe (http://www.adobe.com/). Noto is a trademark of Google Inc."
  echo "Subset by scripts/build-pdf-font.sh from the Debian package fonts-noto-cjk (Noto Sans CJK 2.004)."
  echo
  # The licence text as Debian ships it (from its title to the next "License:" paragraph), without
  # the copyright file's indentation and "." lines.
  awk '/^ SIL OPEN FONT LICENSE Version 1.1/ { on = 1 } on && /^License: / { exit } on' "$LICENCE_SOURCE" \
    | sed -e 's/^ //' -e 's/^\.$//'
} >"$OUT_DIR/OFL.txt"

ls -l "$OUT_DIR"
