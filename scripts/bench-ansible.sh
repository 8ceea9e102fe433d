#!/usr/bin/env bash
# Benchmark of the `ansible` provisioner: one small playbook (facts, copy, template, command)
# run by `build` of the same JSON template — rpacker through its proxy, rpacker with
# use_proxy=false, and packer 1.6.6 (proxy) — against a private sshd on 127.0.0.1.
# Writes docs/benchmarks-ansible.md. Needs packer and sshd (installed here if missing) and
# ansible-playbook (ansible-core from PyPI into target/ansible-venv if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

need() { command -v "$1" >/dev/null || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }; }
need packer packer
[ -x /usr/sbin/sshd ] || { apt-get update -qq && apt-get install -y -qq openssh-server >/dev/null; }

ansible_playbook="$(command -v ansible-playbook || true)"
if [ -z "$ansible_playbook" ]; then
  ansible_playbook="$root/target/ansible-venv/bin/ansible-playbook"
  if ! "$ansible_playbook" --version >/dev/null 2>&1; then
    python3 -m venv --clear "$root/target/ansible-venv"
    "$root/target/ansible-venv/bin/python" -m pip install -q --disable-pip-version-check 'ansible-core>=2.19,<2.20'
  fi
fi

cargo build --release --quiet
rp="$root/target/release/rpacker"
pk="$(command -v packer)"
export CHECKPOINT_DISABLE=1
work="$(mktemp -d)"
sshd_pid=""
cleanup() {
  if [ -n "$sshd_pid" ]; then kill "$sshd_pid" 2>/dev/null || true; wait "$sshd_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# A private sshd with throwaway keys (as rpacker-testkit's), for the current user.
user="$(id -un)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
ssh-keygen -q -t ed25519 -N '' -f "$work/host_key"
ssh-keygen -q -t ed25519 -N '' -f "$work/id_ed25519"
cp "$work/id_ed25519.pub" "$work/authorized_keys"
mkdir -p "$work/home" /run/sshd
cat > "$work/sshd_config" <<CFG
Port $port
ListenAddress 127.0.0.1
HostKey $work/host_key
PidFile $work/sshd.pid
AuthorizedKeysFile $work/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PermitRootLogin yes
AllowUsers $user
Subsystem sftp /usr/lib/openssh/sftp-server
SetEnv HOME=$work/home
MaxStartups 50:30:100
MaxSessions 50
CFG
/usr/sbin/sshd -D -f "$work/sshd_config" -E "$work/sshd.log" &
sshd_pid=$!
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done

# The playbook and the one template all three runs build.
mkdir -p "$work/play/files" "$work/play/templates" "$work/out" "$work/cp"
echo "hello" > "$work/play/files/hello.txt"
echo 'host={{ ansible_facts["hostname"] }} build={{ packer_build_name }}' > "$work/play/templates/t.j2"
cat > "$work/play/site.yml" <<'YML'
- hosts: all
  tasks:
    - ansible.builtin.copy: {src: files/hello.txt, dest: "{{ out_dir }}/hello.txt"}
    - ansible.builtin.template: {src: templates/t.j2, dest: "{{ out_dir }}/t.txt"}
    - ansible.builtin.command: "touch {{ out_dir }}/ran"
YML
# Packer 1.6.6's proxy offers only an ssh-rsa host key (and an RSA login key): today's OpenSSH
# needs `+ssh-rsa` for it. The same setting, harmless for rpacker, keeps the template identical;
# it repeats ansible's default ControlMaster options, which ANSIBLE_SSH_ARGS replaces. A control
# folder per run (`{{timestamp}}`) keeps runs from reusing each other's SSH connection.
cat > "$work/t.json" <<JSON
{
  "variables": {"use_proxy": "true"},
  "builders": [{"type": "null", "name": "bench", "communicator": "ssh", "ssh_host": "127.0.0.1",
                "ssh_port": $port, "ssh_username": "$user", "ssh_private_key_file": "$work/id_ed25519"}],
  "provisioners": [{
    "type": "ansible", "command": "$ansible_playbook", "playbook_file": "$work/play/site.yml",
    "use_proxy": "{{user \`use_proxy\`}}",
    "extra_arguments": ["-e", "out_dir=$work/out"],
    "ansible_env_vars": [
      "ANSIBLE_SSH_ARGS=-C -o ControlMaster=auto -o ControlPersist=60s -o HostKeyAlgorithms=+ssh-rsa -o PubkeyAcceptedKeyTypes=+ssh-rsa",
      "ANSIBLE_SSH_CONTROL_PATH_DIR=$work/cp/{{timestamp}}",
      "ANSIBLE_PYTHON_INTERPRETER=/usr/bin/python3"
    ]
  }]
}
JSON
cd "$work"
# Each tool must succeed once before it is timed.
for cmd in "$rp build t.json" "$rp build -var use_proxy=false t.json" "$pk build t.json"; do
  $cmd > "$work/check.log" 2>&1 || { cat "$work/check.log"; echo "error: $cmd failed" >&2; exit 1; }
done
cat > "$work/inventory" <<INV
default ansible_host=127.0.0.1 ansible_port=$port ansible_user=$user ansible_ssh_private_key_file=$work/id_ed25519
INV
# Runs are interleaved (one of each per round) so a busy machine slows all of them alike; the
# median and the fastest run are reported. The peak memory is the process's own high-water mark
# (VmHWM), read while it runs: ansible's processes (and Packer's plugin processes) are not in it.
python3 - "$work" "$rp" "$pk" "$ansible_playbook" "$("$pk" version | head -1)" "$("$rp" version)" \
  "$("$ansible_playbook" --version | head -1)" "$(ssh -V 2>&1)" > "$root/docs/benchmarks-ansible.md" <<'PY'
import datetime, os, shutil, statistics, subprocess, sys, time
work, rp, pk, ansible, pk_ver, rp_ver, ansible_ver, ssh_ver = sys.argv[1:9]
floor_env = dict(os.environ, ANSIBLE_HOST_KEY_CHECKING="False", ANSIBLE_PYTHON_INTERPRETER="/usr/bin/python3",
                 ANSIBLE_SSH_CONTROL_PATH_DIR=f"{work}/cp-floor")
runs = {
    "packer 1.6.6 (proxy)": ([pk, "build", "t.json"], None),
    "rpacker (proxy)": ([rp, "build", "t.json"], None),
    "rpacker (use_proxy=false)": ([rp, "build", "-var", "use_proxy=false", "t.json"], None),
    "ansible-playbook alone": ([ansible, "-i", f"{work}/inventory", "-e", f"out_dir={work}/out",
                                "-e", "packer_build_name=bench", f"{work}/play/site.yml"], floor_env),
}
def once(argv, env):
    shutil.rmtree(f"{work}/cp-floor", ignore_errors=True)
    started = time.perf_counter()
    child = subprocess.Popen(argv, cwd=work, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while child.poll() is None:
        try:
            for line in open(f"/proc/{child.pid}/status"):
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]))
        except OSError:
            pass
        time.sleep(0.02)
    took = time.perf_counter() - started
    if child.returncode != 0:
        sys.exit(f"{argv} failed with {child.returncode}")
    return took, peak
for argv, env in runs.values():
    once(argv, env)  # warm-up
rounds = 10
times = {name: [] for name in runs}
peaks = {name: 0 for name in runs}
for _ in range(rounds):
    for name, (argv, env) in runs.items():
        took, peak = once(argv, env)
        times[name].append(took)
        peaks[name] = max(peaks[name], peak)
load = os.getloadavg()[0]
def row(name, memory=True):
    t = times[name]
    m = f"{peaks[name]/1024:.1f} MiB" if memory else "(Python; not comparable)"
    return f"| {name} | {statistics.median(t):.2f} s | {min(t):.2f} s | {max(t):.2f} s | {m} |"
med = {name: statistics.median(t) for name, t in times.items()}
pk_t, rp_t, direct_t, floor_t = (med[n] for n in runs)
print(f"""# Benchmark: the `ansible` provisioner

Produced by `bash scripts/bench-ansible.sh` on {datetime.date.today()}, same machine (2 cores), same
inputs, side by side. Reference: `{pk_ver}` (Debian package); rpacker: `{rp_ver}`, release
build; `{ansible_ver}`; `{ssh_ver}`. {rounds} rounds after a warm-up, one run of each per round
(interleaved, so a busy machine slows all alike); load average at the end: {load:.1f}.

One JSON template: a `null` build over SSH to a private sshd on 127.0.0.1 and one `ansible`
provisioner running a small playbook (gather facts, `copy`, `template`, `command`). The template
sets `ANSIBLE_SSH_ARGS` with `HostKeyAlgorithms=+ssh-rsa`, without which packer 1.6.6's proxy is
refused by today's OpenSSH (it offers only an `ssh-rsa` host key); rpacker does not need it.

| run | median | fastest | slowest | peak memory of the process |
|---|---|---|---|---|
{row("packer 1.6.6 (proxy)")}
{row("rpacker (proxy)")}
{row("rpacker (use_proxy=false)")}
{row("ansible-playbook alone", memory=False)}

- Through the proxy, rpacker's build takes {rp_t/pk_t:.2f}× packer 1.6.6's time ({(pk_t-rp_t)*1000:+.0f} ms per build in
  rpacker's favour); connecting directly takes {direct_t/pk_t:.2f}×.
- `ansible-playbook` alone (the same playbook straight to the sshd) takes {floor_t:.2f} s: the rest of
  a build — connecting, the proxy, the inventory, starting ansible — is {(rp_t-floor_t)*1000:+.0f} ms for rpacker
  through its proxy, {(direct_t-floor_t)*1000:+.0f} ms directly and {(pk_t-floor_t)*1000:+.0f} ms for packer 1.6.6.

Almost all of every build is ansible itself (Python start-up, fact gathering, one SSH round trip
per task). Peak memory is the high-water mark of the process started (rpacker, or Packer's core
process without its plugin processes, so Packer's real footprint is larger); ansible's processes
are not counted for either.
""")
PY
echo "wrote docs/benchmarks-ansible.md"
