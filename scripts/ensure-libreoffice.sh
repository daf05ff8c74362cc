#!/usr/bin/env bash
# The annual report's rendering check converts the .docx to PDF with Debian's
# LibreOffice (headless, no GUI) and measures it with poppler-utils.
set -euo pipefail
if command -v soffice >/dev/null && command -v pdfinfo >/dev/null && command -v pdftoppm >/dev/null; then
  exit 0
fi
echo "未找到 LibreOffice（soffice）或 poppler-utils，正在安装 Debian 的 libreoffice-writer-nogui……"
if [ "$(id -u)" != "0" ]; then SUDO=sudo; else SUDO=; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
  libreoffice-writer-nogui poppler-utils fonts-noto-cjk fontconfig
