#!/usr/bin/env sh
# Renders the application icon from its one source, prompt-studio.svg, into every size the app and its installers use
# (assets/README.md). Needs ImageMagick's `convert`; run it after changing the SVG and commit what it writes.
set -eu
cd "$(dirname "$0")"
for size in 16 32 48 64 128 256 512; do
  # Drawn at 4x the 512 px design density and scaled down, so small sizes are smooth; 8-bit RGBA keeps files small.
  convert -background none -density 384 prompt-studio.svg -resize "${size}x${size}" \
    -define png:color-type=6 -depth 8 "icons/prompt-studio-$size.png"
done
# Windows (jpackage --icon for .exe/.msi): one .ico holding 16 to 256.
convert icons/prompt-studio-16.png icons/prompt-studio-32.png icons/prompt-studio-48.png \
  icons/prompt-studio-64.png icons/prompt-studio-128.png icons/prompt-studio-256.png prompt-studio.ico
# macOS (jpackage --icon for .dmg/.pkg) needs prompt-studio.icns, made on a Mac with Apple's iconutil:
if command -v iconutil >/dev/null 2>&1; then
  set_dir=$(mktemp -d)/prompt-studio.iconset
  mkdir -p "$set_dir"
  for size in 16 32 128 256 512; do
    cp "icons/prompt-studio-$size.png" "$set_dir/icon_${size}x${size}.png"
  done
  cp icons/prompt-studio-32.png "$set_dir/icon_16x16@2x.png"
  cp icons/prompt-studio-64.png "$set_dir/icon_32x32@2x.png"
  cp icons/prompt-studio-256.png "$set_dir/icon_128x128@2x.png"
  cp icons/prompt-studio-512.png "$set_dir/icon_256x256@2x.png"
  # 512@2x (1024 px) from the SVG itself.
  convert -background none -density 768 prompt-studio.svg -resize 1024x1024 "$set_dir/icon_512x512@2x.png"
  iconutil -c icns -o prompt-studio.icns "$set_dir"
else
  echo "make-icons: no iconutil (macOS only): prompt-studio.icns left as it is" >&2
fi
