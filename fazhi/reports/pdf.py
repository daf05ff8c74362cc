"""年度报告的 PDF 版：由 Word 版（.docx）经 LibreOffice 无界面转换而来，
so the PDF is the very layout of the .docx (GB/T 9704), not a second one.

Each conversion runs in its own temporary directory with its own LibreOffice
user profile (two conversions at once would otherwise fight over one profile)
and a fontconfig file that adds the 公文 fonts' substitutes: on a server
without 仿宋_GB2312, 楷体_GB2312, 黑体 or 方正小标宋简体 the text falls back to a
font of the same style (仿宋/FangSong, 楷体/KaiTi, then Noto Serif/Sans CJK),
never to a Latin font without Chinese glyphs. ``scripts/ensure-libreoffice.sh``
installs Debian's ``libreoffice-writer-nogui``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

TIMEOUT_SECONDS = 180

# Requested family → substitutes, best first (the real font wins when installed).
FONT_SUBSTITUTES: dict[str, tuple[str, ...]] = {
    "仿宋_GB2312": ("仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC"),
    "仿宋": ("FangSong", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC"),
    "楷体_GB2312": ("楷体", "KaiTi", "STKaiti", "AR PL UKai CN", "Noto Serif CJK SC"),
    "楷体": ("KaiTi", "STKaiti", "AR PL UKai CN", "Noto Serif CJK SC"),
    "方正小标宋简体": ("方正小标宋_GBK", "华文中宋", "STZhongsong", "Noto Serif CJK SC", "宋体"),
    "宋体": ("SimSun", "NSimSun", "Noto Serif CJK SC", "AR PL UMing CN"),
    "黑体": ("SimHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei"),
}


class PdfError(Exception):
    """The PDF could not be made; the message is for the user."""


class PdfUnavailable(PdfError):
    """LibreOffice is not installed on this server."""


def soffice() -> str:
    """The LibreOffice executable, or PdfUnavailable."""
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    raise PdfUnavailable("服务器未安装 LibreOffice（soffice），无法把 Word 版转换为 PDF。"
                         "请管理员运行 scripts/ensure-libreoffice.sh 安装后重试，或先下载 Word 版。")


def fontconfig_file(directory: Path) -> Path:
    """A fontconfig file: the system's configuration plus the 公文 fonts' substitutes."""
    aliases = []
    for family, substitutes in FONT_SUBSTITUTES.items():
        prefer = "".join(f"<family>{escape(s)}</family>" for s in substitutes)
        aliases.append(f'  <alias binding="same"><family>{escape(family)}</family>'
                       f"<prefer>{prefer}</prefer></alias>")
    path = directory / "fonts.conf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        + "\n".join(aliases) + "\n</fontconfig>\n", encoding="utf-8")
    return path


def docx_to_pdf(docx_bytes: bytes, *, timeout: int = TIMEOUT_SECONDS) -> bytes:
    """Convert a .docx to PDF with LibreOffice headless."""
    executable = soffice()
    with tempfile.TemporaryDirectory(prefix="fazhi-pdf-") as tmp:
        work = Path(tmp)
        source = work / "report.docx"
        source.write_bytes(docx_bytes)
        out = work / "out"
        out.mkdir()
        env = dict(os.environ, FONTCONFIG_FILE=str(fontconfig_file(work)))
        command = [
            executable, f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
            "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(out), str(source),
        ]
        try:
            # A fixed argument list of our own paths: no shell, nothing from the user.
            result = subprocess.run(command, capture_output=True, timeout=timeout,  # noqa: S603
                                    env=env, cwd=tmp, check=False)
        except subprocess.TimeoutExpired:
            raise PdfError(f"LibreOffice 转换超时（超过 {timeout} 秒），"
                           "请稍后重试或先下载 Word 版。") from None
        pdf = out / "report.pdf"
        if result.returncode != 0 or not pdf.exists():
            detail = (result.stderr or result.stdout).decode("utf-8", "replace").strip()[-300:]
            raise PdfError(f"LibreOffice 转换未成功（返回码 {result.returncode}）："
                           f"{detail or '无输出'}")
        return pdf.read_bytes()
