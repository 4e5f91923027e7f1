# table.awk: turn the RESULT, NOTE and MACHINE lines of bench/run.sh into the Markdown tables of bench/README.md.
#
# A RESULT line (see bench/bench.h): RESULT stage corpus impl bytes docs secs cpu_secs rss_kb extra.
# Repeated runs of one (stage, corpus, impl) keep the fastest wall time.
# Ratios are parley's throughput over the baseline's, measured in the same
# run: by CPU time (user + system of the measuring process), and in brackets
# by wall time. Verdicts use the CPU ratio: on a shared machine the wall
# time of either side can stretch with other work, the CPU time much less.

BEGIN {
    FS = "\t"
    # the baseline of each stage, and parley's target against it
    base["load"] = "plain read+validate"; target["load"] = 0.8
    base["segment"] = "ICU 72 UText UTF-8"; target["segment"] = 1.0
    base["ingest"] = "raw SQLite + FTS5"; target["ingest"] = 0.7
    base["search"] = "raw FTS5 MATCH"
    base["gazetteer"] = "plain scan of the bytes"; floor["gazetteer"] = 50   # MB/s (CPU), not a ratio
    base["extraction"] = "wink-nlp readDoc (peer)"; target["extraction"] = 10
}

function mbps(bytes, secs) { return secs > 0 ? bytes / secs / 1e6 : 0 }
function rate(x) { return x < 10 ? sprintf("%.2f", x) : sprintf("%.1f", x) }
function field(extra, key,    n, i, kv) {
    n = split(extra, kv, " ")
    for (i = 1; i <= n; i++)
        if (index(kv[i], key "=") == 1)
            return substr(kv[i], length(key) + 2)
    return ""
}
function mb(kb) { return sprintf("%.0f MB", kb / 1024) }
# "reuters21578x6" is the same text as "reuters21578": the size says how much
function size_of(bytes) { return bytes >= 1e9 ? sprintf("%.2f GB", bytes / 1e9) : bytes >= 1e7 ? sprintf("%.0f MB", bytes / 1e6) : sprintf("%.1f MB", bytes / 1e6) }

$1 == "MACHINE" { machine[++nmachine] = $2 ": " $3; next }
$1 == "NOTE" { notes[++nnotes] = $2 "\t" $3; next }
$1 != "RESULT" { next }
{
    key = $2 SUBSEP $3 SUBSEP $4
    runs[key] = runs[key] + 1; wall_of[key, runs[key]] = $7   # every run, in order: the pairs of "parallel"
    if (!(key in secs) || $7 + 0 < secs[key] + 0) {
        secs[key] = $7; cpu[key] = $8; bytes[key] = $5; docs[key] = $6; rss[key] = $9; extra[key] = $10
    }
    if (!(key in seen)) {
        seen[key] = 1
        order[++n] = key
        group = $2 SUBSEP $3
        if (!(group in gseen)) { gseen[group] = 1; gorder[++ng] = group }
    }
}

function ratio_cell(k, b,    w, c) {
    w = secs[k] > 0 ? (bytes[k] / secs[k]) / (bytes[b] / secs[b]) : 0
    c = cpu[k] > 0 && cpu[b] > 0 ? (bytes[k] / cpu[k]) / (bytes[b] / cpu[b]) : 0
    last_ratio = c
    return sprintf("%.2f× (%.2f×)", c, w)
}

function throughput_row(k, stage,    p, b, r, t, verdict, impl) {
    split(k, p, SUBSEP)
    impl = p[3]
    b = stage SUBSEP p[2] SUBSEP base[stage]
    r = ""; t = ""; verdict = ""
    if (impl != base[stage] && (b in secs)) {
        r = ratio_cell(k, b)
        if (impl ~ /^parley/ && (stage in floor)) {
            t = "≥ " floor[stage] " MB/s"
            verdict = mbps(bytes[k], cpu[k]) >= floor[stage] ? "met" : "**missed**"
        } else if (impl ~ /^parley/ && (stage in target)) {
            t = "≥ " target[stage] "×"
            verdict = last_ratio >= target[stage] ? "met" : "**missed**"
        } else if (impl !~ /^parley/) {
            # a second baseline (ICU over UTF-16): how parley compares with it
            pk = stage SUBSEP p[2] SUBSEP "parley"
            if (pk in secs) { r = "parley ÷ this: " ratio_cell(pk, k); t = ""; }
        }
    } else if (impl == base[stage]) {
        r = "baseline"
    }
    printf "| %s | %s (%s) | %s | %s | %.0f | %s | %s | %s | %s | %s |\n", stage, p[2], size_of(bytes[k]),
        impl, rate(mbps(bytes[k], secs[k])), (secs[k] > 0 ? docs[k] / secs[k] : 0), rate(mbps(bytes[k], cpu[k])),
        mb(rss[k]), r, t, verdict
}

function search_row(k,    p, b, r, verdict, t) {
    split(k, p, SUBSEP)
    b = "search" SUBSEP p[2] SUBSEP base["search"]
    r = ""; verdict = ""; t = ""
    if (p[3] == base["search"]) r = "baseline"
    else if (b in secs) {
        if (p[3] !~ /^parley/) {
            # a second baseline (the same SQL as corpus:search): how parley compares with it
            pk = "search" SUBSEP p[2] SUBSEP "parley corpus:search"
            r = sprintf("p95 %.2f× raw; parley ÷ this: p95 %.2f×", field(extra[k], "cpu_p95_ms") / field(extra[b], "cpu_p95_ms"),
                        (pk in secs) ? field(extra[pk], "cpu_p95_ms") / field(extra[k], "cpu_p95_ms") : 0)
        } else if (p[3] ~ /CLI/) {
            r = sprintf("p95 %.2f× raw (wall)", field(extra[k], "p95_ms") / field(extra[b], "p95_ms"))
            verdict = "(process start-up included)"
        } else {
            r = sprintf("p95 %.2f× raw (%.2f×)", field(extra[k], "cpu_p95_ms") / field(extra[b], "cpu_p95_ms"),
                        field(extra[k], "p95_ms") / field(extra[b], "p95_ms"))
            t = "p95 ≤ raw"
            verdict = field(extra[k], "cpu_p95_ms") + 0 <= field(extra[b], "cpu_p95_ms") + 0 ? "met" : "**missed**"
        }
    }
    rss_kb = p[3] ~ /CLI/ ? field(extra[k], "child_rss_kb") : rss[k]
    if (p[3] ~ /CLI/)
        lat = sprintf("| p50 %.1f ms | p95 %.1f ms (wall) |", field(extra[k], "p50_ms"), field(extra[k], "p95_ms"))
    else
        lat = sprintf("| p50 %.2f ms (%.2f) | p95 %.2f ms (%.2f) |", field(extra[k], "cpu_p50_ms"),
                      field(extra[k], "p50_ms"), field(extra[k], "cpu_p95_ms"), field(extra[k], "p95_ms"))
    printf "| search | %s | %s %s — | %s | %s | %s | %s |\n", p[2], p[3], lat, mb(rss_kb), r, t, verdict
}

function median(a, m,    i, j, t) {
    for (i = 2; i <= m; i++)
        for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
    return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
}

# A command timed whole (wall, CPU, peak RSS), best of its runs.
function timed_row(k,    p) {
    split(k, p, SUBSEP)
    printf "| %s | %s (%s) | %s | %s | %.0f | %s | %s | CPU %.2f s, wall %.2f s (best of %d) | | |\n", p[1], p[2],
        size_of(bytes[k]), p[3], rate(mbps(bytes[k], secs[k])), docs[k] / secs[k], rate(mbps(bytes[k], cpu[k])),
        mb(rss[k]), cpu[k], secs[k], runs[k]
}

# run --jobs 1 and --jobs 2 ran in pairs: the speed-up is the median of the pairs' wall-time ratios.
function parallel_rows(    i, p, k1, k2, m, r, lo, hi, med) {
    for (i = 1; i <= n; i++) {
        split(order[i], p, SUBSEP)
        if (p[1] != "parallel") continue
        timed_row(order[i])
        if (p[3] ~ /--jobs 1 /) { k1 = order[i]; k2 = p[1] SUBSEP p[2] SUBSEP "run --jobs 2 " substr(p[3], 14) }
    }
    if (k1 == "" || !(k2 in secs)) return
    m = runs[k1] < runs[k2] ? runs[k1] : runs[k2]
    lo = hi = 0
    for (i = 1; i <= m; i++) {
        r[i] = wall_of[k2, i] > 0 ? wall_of[k1, i] / wall_of[k2, i] : 0
        if (i == 1 || r[i] < lo) lo = r[i]
        if (i == 1 || r[i] > hi) hi = r[i]
    }
    med = median(r, m)
    printf "| parallel | | speed-up of --jobs 2 over --jobs 1 | | | | | median of %d pairs %.2f× (%.2f× to %.2f×), wall | ≥ 1.7× | %s |\n",
        m, med, lo, hi, (med >= 1.7 ? "met" : "**missed**")
}

END {
    print "## Machine"
    print ""
    for (i = 1; i <= nmachine; i++) print "- " machine[i]
    print ""
    print "## Throughput (one table: every stage against its baseline, same run)"
    print ""
    print "Search rows give latency instead: p50 and p95 over the queries of each query's median, CPU time (wall time in brackets); raw, snippet and parley take turns query by query in one process."
    print ""
    print "| stage | corpus (size) | implementation | MB/s | docs/s | MB/s by CPU time | peak RSS | ratio to baseline: CPU (wall) | target | |"
    print "|---|---|---|---:|---:|---:|---:|---|---|---|"
    for (g = 1; g <= ng; g++) {
        split(gorder[g], gp, SUBSEP)
        stage = gp[1]
        if (stage != "load" && stage != "segment" && stage != "ingest" && stage != "gazetteer" && stage != "extraction") continue
        # the baseline first, then the rest in the order they ran
        for (i = 1; i <= n; i++) { split(order[i], p, SUBSEP); if (p[1] SUBSEP p[2] == gorder[g] && p[3] == base[stage]) throughput_row(order[i], stage) }
        for (i = 1; i <= n; i++) { split(order[i], p, SUBSEP); if (p[1] SUBSEP p[2] == gorder[g] && p[3] != base[stage]) throughput_row(order[i], stage) }
    }
    for (i = 1; i <= nnotes; i++) {
        split(notes[i], q, "\t")
        if (q[1] == "extraction") printf "| extraction | | %s | | | | | | ≥ 10× wink-nlp | |\n", q[2]
    }
    for (g = 1; g <= ng; g++) {
        split(gorder[g], gp, SUBSEP)
        if (gp[1] != "search") continue
        for (i = 1; i <= n; i++) { split(order[i], p, SUBSEP); if (p[1] SUBSEP p[2] == gorder[g]) search_row(order[i]) }
    }
    parallel_rows()
    for (i = 1; i <= n; i++) { split(order[i], p, SUBSEP); if (p[1] == "briefing") timed_row(order[i]) }
    # memory: the parley ingest and run commands' peak RSS; the ~1 GB runs have a target
    for (i = 1; i <= n; i++) {
        split(order[i], p, SUBSEP)
        if (!(p[1] == "ingest" && p[3] ~ /CLI/) && p[1] != "memory") continue
        k = order[i]
        big = bytes[k] >= 5e8
        printf "| memory | %s (%s) | %s | | | | %s | peak RSS ÷ input: %.2f | %s | %s |\n", p[2], size_of(bytes[k]), p[3],
            mb(rss[k]), rss[k] * 1024 / bytes[k], (big ? "< 300 MB RSS" : ""),
            (big ? (rss[k] < 300 * 1024 ? "met" : "**missed**") : "")
    }
    for (i = 1; i <= nnotes; i++) {
        split(notes[i], q, "\t")
        if (q[1] == "memory") printf "| memory | | %s | | | | | | < 300 MB RSS | |\n", q[2]
    }
    print ""
    print "## Scaling: hostile inputs, ten 1 MB inputs against one 10 MB input (CPU time)"
    print ""
    print "A ratio near 1 is linear; a quadratic step makes it near 10 (or more). When ten 1 MB inputs"
    print "do not finish within the time limit, the comparison is made at 8 KB against 80 KB instead."
    print ""
    print "| input | function | ms/MB, small inputs | ms/MB, one big input | ratio | |"
    print "|---|---|---:|---:|---:|---|"
    for (i = 1; i <= n; i++) {
        split(order[i], p, SUBSEP)
        if (p[1] !~ /^scaling/) continue
        e = extra[order[i]]
        rt = field(e, "ratio")
        sizes = field(e, "small_kb") == 1024 ? "" : sprintf(" (%s KB vs %s KB)", field(e, "small_kb"), field(e, "big_kb"))
        verdict = (rt ~ /^>=/ || rt + 0 >= 2.5) ? "**not linear**" : "linear"
        printf "| %s%s | %s | %.2f | %.2f | %s | %s |\n", p[2], sizes, p[3], field(e, "ms_per_mb_small"),
            field(e, "ms_per_mb_big"), rt, verdict
    }
    print ""
    print "| single large input | function | seconds | MB/s | peak RSS | bytes of RSS per token beyond the input |"
    print "|---|---|---:|---:|---:|---:|"
    for (i = 1; i <= n; i++) {
        split(order[i], p, SUBSEP)
        if (p[1] !~ /^single/) continue
        e = extra[order[i]]
        printf "| %s | %s | %.3f | %.1f | %s | %s |\n", p[2], p[3], secs[order[i]], mbps(bytes[order[i]], secs[order[i]]),
            mb(rss[order[i]]), (p[3] == "segment_text" && field(e, "tokens") > 1000 ? field(e, "rss_beyond_input_per_token") : "—")
    }
}
