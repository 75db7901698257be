#!/usr/bin/env bash
# Whole-process comparison of xgea with its peers on generated estates (benches/README.md).
#
#   benches/compare.sh                       # 1,000, 10,000 and 100,000 systems
#   XGEA_COMPARE_SIZES=1000,10000 benches/compare.sh
#
# For each size it generates an estate (`cargo run --release --example generate-estate`, one file per system in
# department folders, and one file per department), then times, whole process, median of XGEA_COMPARE_RUNS runs
# (default 5), wall time and peak RSS from `/usr/bin/time -v`:
#   - `xgea lint --format concise` (every rule, no cache), `xgea lint` (human) in both layouts;
#   - `xgea lint` with the cache on: the first run (writing it), and warm after one file changed;
#   - `xgea roadmap --format json` and `xgea report --out DIR`;
#   - the federated workflow: `xgea snapshot` of the estate (one file per department), `xgea snapshot verify`
#     of that snapshot (the load: read, hash-check and parse every record), and one department's file linted
#     against it (`xgea lint DIR --estate SNAPSHOT`);
#   - ajv-cli 5 and check-jsonschema validating the same files with the same schemas (`xgea schema`): the
#     system files with the system schema, the department files with the department schema (two runs each,
#     added up; schema validation only, no rules);
#   - `cat` of every file to /dev/null: the I/O floor.
# Each is printed as a ratio to `xgea lint --format concise` at the same size.
#
# It installs ajv-cli (npm) and check-jsonschema (pip, in a virtualenv) into a scratch folder, and GNU time
# with apt-get when /usr/bin/time is missing. Settings (environment):
#   XGEA_COMPARE_SIZES   sizes, comma separated            (1000,10000,100000)
#   XGEA_COMPARE_RUNS    runs per measurement               (5; peers slower than 30 s run once)
#   XGEA_COMPARE_DIR     scratch folder (kept if given)     (a new temporary folder, removed at the end)
#   XGEA_COMPARE_PEERS   0 to skip ajv-cli and check-jsonschema
#   XGEA_COMPARE_CJS_MAX largest size check-jsonschema runs at (10000: it takes minutes beyond)
#   XGEA_COMPARE_REPORT  0 to skip `xgea report`
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sizes=${XGEA_COMPARE_SIZES:-1000,10000,100000}
runs=${XGEA_COMPARE_RUNS:-5}
peers=${XGEA_COMPARE_PEERS:-1}
cjs_max=${XGEA_COMPARE_CJS_MAX:-10000}
with_report=${XGEA_COMPARE_REPORT:-1}
if [[ -n "${XGEA_COMPARE_DIR:-}" ]]; then
    scratch=$XGEA_COMPARE_DIR
    mkdir -p "$scratch"
else
    scratch=$(mktemp -d "${TMPDIR:-/tmp}/xgea-compare.XXXXXX")
    trap 'rm -rf "$scratch"' EXIT
fi
say() { printf '%s\n' "$*" >&2; }

if [[ ! -x /usr/bin/time ]]; then
    say "compare: installing GNU time (apt-get install time) for peak RSS"
    apt-get install -y -qq time >/dev/null
fi

say "compare: building xgea and the estate generator (release)"
(cd "$repo" && cargo build --release --quiet --bin xgea --example generate-estate)
xgea=$repo/target/release/xgea
generate=$repo/target/release/examples/generate-estate

ajv=
cjs=
if [[ "$peers" != 0 ]]; then
    tools=$scratch/tools
    if [[ ! -x $tools/npm/node_modules/.bin/ajv ]]; then
        say "compare: installing ajv-cli 5 and ajv-formats with npm into $tools/npm"
        mkdir -p "$tools/npm"
        npm install --silent --no-audit --no-fund --prefix "$tools/npm" ajv-cli@5 ajv-formats@2 >/dev/null
    fi
    ajv=$tools/npm/node_modules/.bin/ajv
    if [[ ! -x $tools/venv/bin/check-jsonschema ]]; then
        say "compare: installing check-jsonschema with pip into the virtualenv $tools/venv"
        python3 -m venv "$tools/venv"
        "$tools/venv/bin/pip" install --quiet check-jsonschema
    fi
    cjs=$tools/venv/bin/check-jsonschema
fi

"$xgea" schema --kind system >"$scratch/system.schema.json"
"$xgea" schema --kind department >"$scratch/department.schema.json"

# time_once CMD... → "seconds kib" of one run (stdout and stderr of CMD discarded).
time_once() {
    local log=$scratch/time.log
    /usr/bin/time -v -o "$log" "$@" >/dev/null 2>&1 || true
    awk -F': ' '
        /Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i] }
        /Maximum resident set size/ { rss = $2 }
        END { printf "%.3f %d\n", s, rss }' "$log"
}

# measure N CMD... → "median-seconds max-kib" over N runs.
measure() {
    local n=$1 i
    shift
    for ((i = 0; i < n; i++)); do time_once "$@"; done | sort -n | awk '
        { t[NR] = $1; if ($2 > m) m = $2 }
        END { printf "%.3f %d\n", t[int((NR + 1) / 2)], m }'
}

# add "s1 k1" "s2 k2" → the two runs one after the other: seconds added, the larger peak.
add() { awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " "); printf "%.3f %d\n", x[1] + y[1], (x[2] > y[2] ? x[2] : y[2]) }'; }

# The first run with the cache on (the default): no cache before each timed run, so every file's entry is written.
first_runs() {
    local dir=$1 cache=$2 i
    for ((i = 0; i < runs; i++)); do
        rm -rf "$cache"
        time_once "$xgea" lint "$dir" --no-config --cache-dir "$cache" --format concise --exit-zero
    done | sort -n | awk '{ t[NR] = $1; if ($2 > m) m = $2 } END { printf "%.3f %d\n", t[int((NR + 1) / 2)], m }'
}

# The warm-cache run: before each timed run one file gets a new comment line, so exactly one file changed.
warm_runs() {
    local dir=$1 cache=$2 file=$3 i
    "$xgea" lint "$dir" --no-config --cache-dir "$cache" --format concise --exit-zero >/dev/null 2>&1 || true
    for ((i = 0; i < runs; i++)); do
        printf '# edited %d\n' "$i" >>"$file"
        time_once "$xgea" lint "$dir" --no-config --cache-dir "$cache" --format concise --exit-zero
    done | sort -n | awk '{ t[NR] = $1; if ($2 > m) m = $2 } END { printf "%.3f %d\n", t[int((NR + 1) / 2)], m }'
}

declare -A result
labels=(
    "lint-concise|\`xgea lint --format concise\` (all rules, one file per system)"
    "lint-human|\`xgea lint\` human format, one file per system"
    "lint-human-dept|\`xgea lint\` human format, one file per department"
    "lint-first|\`xgea lint --format concise\`, cache on, first run (writes it)"
    "lint-warm|\`xgea lint --format concise\`, cache warm, one file changed"
    "roadmap|\`xgea roadmap --format json\`"
    "snapshot-write|\`xgea snapshot --out FILE\` (the estate, one file per department)"
    "snapshot-verify|\`xgea snapshot verify FILE\` (load and hash-check the snapshot)"
    "lint-one-dept|\`xgea lint DEPT --estate FILE\` (one department's file against the snapshot)"
    "report|\`xgea report --out DIR\`"
    "ajv|ajv-cli 5, same files, same schemas (schema only)"
    "cjs|check-jsonschema, same files, same schemas (schema only)"
    "cat|\`cat\` every file to /dev/null (I/O floor)"
)

IFS=, read -r -a size_list <<<"$sizes"
for n in "${size_list[@]}"; do
    est=$scratch/estate-$n
    dept=$scratch/estate-$n-dept
    rm -rf "$est" "$dept" "$scratch/report-$n" "$scratch/cache-$n"
    "$generate" --systems "$n" --layout per-system --seed 1 --out "$est" >&2
    "$generate" --systems "$n" --layout per-department --seed 1 --out "$dept" >&2
    say "compare: $n systems: timing (median of $runs)"
    lint=("$xgea" lint "$est" --no-config --no-cache --exit-zero)
    result[lint-concise,$n]=$(measure "$runs" "${lint[@]}" --format concise)
    result[lint-human,$n]=$(measure "$runs" "${lint[@]}")
    result[lint-human-dept,$n]=$(measure "$runs" "$xgea" lint "$dept" --no-config --no-cache --exit-zero)
    # awk reads to the end (head would close the pipe early, and pipefail would stop the script).
    first=$(find "$est" -name '*.s*.yaml' | sort | awk 'NR == 1')
    result[lint-first,$n]=$(first_runs "$est" "$scratch/cache-$n")
    result[lint-warm,$n]=$(warm_runs "$est" "$scratch/cache-$n" "$first")
    result[roadmap,$n]=$(measure "$runs" "$xgea" roadmap "$est" --format json)
    snap=$scratch/snapshot-$n.json
    result[snapshot-write,$n]=$(measure "$runs" "$xgea" snapshot "$dept" --no-config --out "$snap")
    say "compare: $n systems: snapshot of $(wc -c <"$snap") bytes"
    result[snapshot-verify,$n]=$(measure "$runs" "$xgea" snapshot verify "$snap")
    rm -rf "$scratch/one-$n" && mkdir "$scratch/one-$n" && cp "$dept/d0001.yaml" "$scratch/one-$n/"
    result[lint-one-dept,$n]=$(measure "$runs" "$xgea" lint "$scratch/one-$n" --no-config --no-cache --exit-zero \
        --format concise --estate "$snap")
    rm -rf "$scratch/one-$n" "$snap"
    if [[ "$with_report" != 0 ]]; then
        result[report,$n]=$(measure "$runs" "$xgea" report "$est" --out "$scratch/report-$n" --force)
        rm -rf "$scratch/report-$n"
    fi
    find "$est" -name '*.yaml' ! -name 'department.yaml' | sort >"$scratch/systems.txt"
    find "$est" -name 'department.yaml' | sort >"$scratch/departments.txt"
    if [[ -n "$ajv" ]]; then
        # ajv-cli takes a glob per data option and reads YAML itself.
        a=$(measure "$runs" "$ajv" validate --spec=draft2020 --strict=false -c ajv-formats \
            -s "$scratch/system.schema.json" -d "$est/*/*.s*.yaml")
        b=$(measure "$runs" "$ajv" validate --spec=draft2020 --strict=false -c ajv-formats \
            -s "$scratch/department.schema.json" -d "$est/*/department.yaml")
        result[ajv,$n]=$(add "$a" "$b")
    fi
    if [[ -n "$cjs" && "$n" -le "$cjs_max" ]]; then
        r=$runs
        [[ "$n" -gt 1000 ]] && r=1
        a=$(measure "$r" xargs -a "$scratch/systems.txt" -d '\n' "$cjs" --schemafile "$scratch/system.schema.json")
        b=$(measure "$r" xargs -a "$scratch/departments.txt" -d '\n' "$cjs" --schemafile "$scratch/department.schema.json")
        result[cjs,$n]=$(add "$a" "$b")
    fi
    # A list file rather than a process substitution: the substituted descriptor is gone after the first run.
    cat "$scratch/systems.txt" "$scratch/departments.txt" >"$scratch/all.txt"
    result[cat,$n]=$(measure "$runs" sh -c 'xargs -a "$1" -d "\n" cat >/dev/null' sh "$scratch/all.txt")
    rm -rf "$est" "$dept" "$scratch/cache-$n"
done

# The table: each cell "seconds, MiB (ratio to xgea lint --format concise)".
{
    printf '| |'
    for n in "${size_list[@]}"; do printf ' %s systems |' "$(printf "%'d" "$n" 2>/dev/null || echo "$n")"; done
    printf '\n| --- |'
    for _ in "${size_list[@]}"; do printf ' ---: |'; done
    printf '\n'
    for entry in "${labels[@]}"; do
        key=${entry%%|*}
        label=${entry#*|}
        row="| $label |"
        any=0
        for n in "${size_list[@]}"; do
            cell=${result[$key,$n]:-}
            base=${result[lint-concise,$n]}
            if [[ -z "$cell" ]]; then
                row+=" – |"
                continue
            fi
            any=1
            row+=$(awk -v c="$cell" -v b="$base" 'BEGIN {
                split(c, x, " "); split(b, y, " ");
                printf " %.2f s, %d MiB (%.2f×) |", x[1], x[2] / 1024, (y[1] > 0 ? x[1] / y[1] : 0) }')
        done
        [[ $any == 1 ]] && printf '%s\n' "$row"
    done
} | tee "$scratch/table.md"
say "compare: $(date -u +%Y-%m-%d), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
