"""Builds `plimsoll-pre-commit`, the package `pip install .` of this repository gives.

It holds no code: its one dependency is `plimsoll==<version>`, the wheel with the prebuilt
binary, at the version in the workspace's Cargo.toml, so a hook pinned to a release tag installs
that release's binary. Written as a PEP 517 backend of its own (the standard library only) so
that installing it fetches no build tool, only the wheel.
"""

import base64
import hashlib
import os
import re
import zipfile

NAME = "plimsoll_pre_commit"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# Every entry gets this time, so the same version builds the same bytes.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def workspace_version():
    """`version` of `[workspace.package]` in the root Cargo.toml."""
    with open(os.path.join(ROOT, "Cargo.toml"), encoding="utf-8") as f:
        text = f.read()
    section = re.search(r"^\[workspace\.package\]\s*$(.*?)(?=^\[|\Z)", text, re.M | re.S)
    version = section and re.search(r'^version\s*=\s*"([^"]+)"', section.group(1), re.M)
    if not version:
        raise RuntimeError("Cargo.toml: no version in [workspace.package]")
    return version.group(1)


def metadata(version):
    return (
        "Metadata-Version: 2.1\n"
        "Name: plimsoll-pre-commit\n"
        f"Version: {version}\n"
        "Summary: Installs the plimsoll wheel for pre-commit's plimsoll-prebuilt hook\n"
        "License: MIT OR Apache-2.0\n"
        f"Requires-Dist: plimsoll=={version}\n"
    )


def get_requires_for_build_wheel(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    version = workspace_version()
    dist_info = f"{NAME}-{version}.dist-info"
    files = {
        f"{dist_info}/METADATA": metadata(version),
        f"{dist_info}/WHEEL": (
            "Wheel-Version: 1.0\n"
            "Generator: plimsoll pre_commit_package\n"
            "Root-Is-Purelib: true\n"
            "Tag: py3-none-any\n"
        ),
    }
    record = []
    for path, text in files.items():
        data = text.encode("utf-8")
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
        record.append(f"{path},sha256={digest.decode()},{len(data)}\n")
    record.append(f"{dist_info}/RECORD,,\n")
    files[f"{dist_info}/RECORD"] = "".join(record)
    wheel = f"{NAME}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, wheel), "w", zipfile.ZIP_DEFLATED) as z:
        for path, text in files.items():
            z.writestr(zipfile.ZipInfo(path, ZIP_TIME), text)
    return wheel
