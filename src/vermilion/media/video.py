"""Video: probe and transcode with the system ffmpeg to H.264/AAC MP4, plus a poster frame."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

MAX_LONG_EDGE = 1280
FFMPEG_TIMEOUT = 60 * 30


class VideoRejected(Exception):
    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code, detail)
        self.code = code  # "invalid_video" or "video_too_long"
        self.detail = detail


@dataclass
class Probe:
    duration: float
    width: int
    height: int
    has_audio: bool


def probe(path: Path) -> Probe:
    try:
        out = subprocess.run(
            ["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams", str(path)],
            capture_output=True, check=True, timeout=60,
        ).stdout
        info = json.loads(out)
    except (subprocess.SubprocessError, json.JSONDecodeError) as exc:
        raise VideoRejected("invalid_video", "ffprobe could not read the file") from exc
    streams = info.get("streams", [])
    video = next((s for s in streams if s.get("codec_type") == "video"), None)
    if video is None:
        raise VideoRejected("invalid_video", "no video stream")
    try:
        duration = float(info.get("format", {}).get("duration") or video.get("duration") or 0)
    except ValueError:
        duration = 0.0
    if duration <= 0:
        raise VideoRejected("invalid_video", "unknown duration")
    width, height = int(video.get("width") or 0), int(video.get("height") or 0)
    rotation = _rotation(video)
    if rotation in (90, 270):
        width, height = height, width
    return Probe(duration, width, height, any(s.get("codec_type") == "audio" for s in streams))


def _rotation(stream: dict[str, object]) -> int:
    for side in stream.get("side_data_list", []) or []:  # type: ignore[attr-defined]
        if isinstance(side, dict) and "rotation" in side:
            return abs(int(side["rotation"])) % 360
    tags = stream.get("tags") or {}
    if isinstance(tags, dict) and "rotate" in tags:
        return abs(int(tags["rotate"])) % 360
    return 0


def transcode(source: Path, target: Path, poster: Path, meta: Probe) -> None:
    """Web-friendly MP4 (faststart, yuv420p, even dimensions, metadata dropped) and a JPEG poster."""
    scale = f"scale='if(gt(iw,ih),min({MAX_LONG_EDGE},iw),-2)':'if(gt(iw,ih),-2,min({MAX_LONG_EDGE},ih))'"
    command = [
        "ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(source),
        "-map", "0:v:0", "-map", "0:a:0?", "-map_metadata", "-1",
        "-vf", f"{scale},scale=trunc(iw/2)*2:trunc(ih/2)*2",
        "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-b:a", "128k", "-movflags", "+faststart", str(target),
    ]
    _run(command)
    at = f"{min(1.0, meta.duration / 2):.3f}"
    _run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-ss", at, "-i", str(target), "-frames:v", "1",
          "-q:v", "3", str(poster)])


def _run(command: list[str]) -> None:
    try:
        subprocess.run(command, capture_output=True, check=True, timeout=FFMPEG_TIMEOUT)
    except subprocess.CalledProcessError as exc:
        message = exc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise VideoRejected("invalid_video", message[-1] if message else "ffmpeg failed") from exc
    except subprocess.TimeoutExpired as exc:
        raise VideoRejected("invalid_video", "transcoding took too long") from exc
