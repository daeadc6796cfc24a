"""Generate a network project of any size, from the Zaadgoed enterprise of the sample network.

Usage: python bench/network.py OUT_DIR --agents 10000 [--per-enterprise 1000]

Each enterprise is a copy of Zaadgoed B.V. (its own id, name and company name), served by
``--per-enterprise`` Purpose Agents of its own, the first two of whom ratify its
constitution and sit on its board; every tenth agent also serves the next enterprise.
Names and addresses are made up, deterministically.
"""

from __future__ import annotations

import argparse
import copy
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "zaadnetwerk" / "data"
FIRST = ["Anna", "Bram", "Chloé", "Daan", "Eva", "Finn", "Guus", "Hanna", "Iris", "Joep", "Kees", "Lotte", "Zoë"]
AGENTS_PER_FILE = 2000  # about 470 KB of YAML
LAST = ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "van Dijk", "Mulder", "Bos", "’t Hart"]


def generate(out: Path, agents: int, per_enterprise: int) -> Path:
    template = yaml.safe_load((SAMPLE / "zaadgoed.yaml").read_text(encoding="utf-8"))["enterprises"][0]
    count = max(1, agents // per_enterprise)
    enterprises, register = [], []
    for e in range(count):
        eid = f"zaadgoed-{e + 1}"
        ent = copy.deepcopy(template)
        ent["id"], ent["name"] = eid, f"Zaadgoed {e + 1}"
        ent["company"]["legal_name"] = f"Zaadgoed {e + 1} B.V."
        ids = [f"{eid}-a{n + 1}" for n in range(per_enterprise)]
        ent["organisation"]["ratifiers"] = [
            {**r, "agent": ids[i]} for i, r in enumerate(ent["organisation"]["ratifiers"])
        ]
        ent["organisation"]["anchor_circle_lead"] = ids[0]
        ent["company"]["board"]["directors"] = ids[:2]
        # one steward share for each agent who serves it: its own, and every tenth of the previous one's
        ent["company"]["share_classes"][0]["issued"] = per_enterprise + (per_enterprise // 10 if count > 1 else 0)
        enterprises.append(ent)
        for n, aid in enumerate(ids):
            k = e * per_enterprise + n
            commitments = [{"enterprise": eid, "focus": 60, "roles": ["Teler"], "since": "2026-09-01"}]
            if n % 10 == 9 and count > 1:
                nxt = f"zaadgoed-{(e + 1) % count + 1}"
                commitments.append({"enterprise": nxt, "focus": 30, "roles": ["Adviseur"], "since": "2026-10-01"})
            register.append(
                {
                    "id": aid,
                    "name": f"{FIRST[k % len(FIRST)]} {LAST[(k // len(FIRST)) % len(LAST)]} {k + 1}",
                    "address": f"Dorpsstraat {k % 300 + 1}, 6701 AA Wageningen",
                    "email": f"agent{k + 1}@example.org",
                    "commitments": commitments,
                }
            )
    data = out / "data"
    data.mkdir(parents=True, exist_ok=True)
    dump = {"width": 2**20, "allow_unicode": True, "sort_keys": False}
    (data / "enterprises.yaml").write_text(yaml.safe_dump({"enterprises": enterprises}, **dump), encoding="utf-8")
    # the register in files of at most AGENTS_PER_FILE agents: a data file may be 2 MB at most
    files = ["data/enterprises.yaml"]
    for start in range(0, len(register), AGENTS_PER_FILE):
        name = f"agents-{start // AGENTS_PER_FILE + 1}.yaml"
        part = {"agents": register[start : start + AGENTS_PER_FILE]}
        (data / name).write_text(yaml.safe_dump(part, **dump), encoding="utf-8")
        files.append(f"data/{name}")
    (out / "agreements.toml").write_text(
        f"data = {files!r}\n".replace("'", '"')
        + 'documents = ["association-agreement"]\nlanguages = ["en"]\noutput = "out"\n',
        encoding="utf-8",
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--agents", type=int, default=1000)
    parser.add_argument("--per-enterprise", type=int, default=1000)
    args = parser.parse_args()
    print(generate(args.out, args.agents, args.per_enterprise))


if __name__ == "__main__":
    main()
