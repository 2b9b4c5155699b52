"""bench/live_quiz.py's JSON: the raw figures of a run, summarised."""

from _servers import percentiles


def summarise(args, mode: str, raw: dict, check: dict | None, extra: dict) -> dict:
    reports = raw["reports"]
    join = [t for r in reports for t in r["join"]]
    fanout = []
    per_question = []
    missing_open = 0
    for position, (qid, t0) in enumerate(sorted(raw["t_open"].items()), start=1):
        times = [t - t0 for r in reports for t in r["opened"].get(str(qid), [])]
        missing_open += raw["joined"] - len(times)
        fanout.extend(times)
        row = {"question": position, **percentiles(times)}
        if raw["projector"]:
            value = raw["projector"].get(qid)
            row["projector_complete_ms"] = (
                None if value is None else round(value * 1000)
            )
        per_question.append(row)
    acks = [t for r in reports for t in r["acks"]]
    sent = sum(r["answers_sent"] for r in reports)
    acked = sum(r["acked"] for r in reports)
    results_received = sum(sum(r["results"].values()) for r in reports)
    errors: dict[str, int] = {}
    for report in reports:
        for code, count in report["errors"].items():
            errors[code] = errors.get(code, 0) + count
    before, joined_stats, end = raw["stats"]
    servers = []
    for index, (b, j, e) in enumerate(zip(before, joined_stats, end, strict=True)):
        if not e:
            continue
        servers.append(
            {
                "process": index,
                "peak_rss_mb": e["peak_rss_mb"],
                "cpu_s_total": e["cpu_s"],
                "cpu_s_join": round(j["cpu_s"] - b["cpu_s"], 2),
                "cpu_s_questions": round(e["cpu_s"] - j["cpu_s"], 2),
            }
        )
    projector_values = [v for v in raw["projector"].values() if v is not None]
    answers = {"sent": sent, "acked": acked, "errors": raw["answer_errors"]}
    if check is not None:
        answers.update(
            {
                "expected": raw["joined"] * args.questions,
                "stored": check["stored"],
                "lost": sent - check["stored"],
                "acked_not_stored": acked - check["stored"],
                "doubled": check["doubled"],
                "stored_per_question": check["stored_per_question"],
                "participants_in_db": check["participants"],
            }
        )
    kill = None
    if raw.get("killed_process_phones"):
        after = raw["kill_after_question"] + 1
        by_q = {}
        for position, qid in enumerate(sorted(raw["t_open"]), start=1):
            by_q[position] = [
                t
                for r in reports
                for t in r.get("acks_by_question", {}).get(str(qid), [])
            ]
        kill = {
            "killed_process_phones": raw["killed_process_phones"],
            "after_question": raw["kill_after_question"],
            "all_rejoined_s": raw.get("all_rejoined_s"),
            "rejoin_ms": percentiles([t for r in reports for t in r.get("rejoin", [])]),
            "rejoin_failures": sum(r.get("rejoin_failure_count", 0) for r in reports),
            "rejoin_failures_sample": [
                f for r in reports for f in r.get("rejoin_failures", [])
            ][:3],
            "rejoined_with_score": raw.get("rejoined_scores_nonzero"),
            "ack_ms_question_during_rejoin": percentiles(by_q.get(after, [])),
            "ack_ms_question_before_kill": percentiles(by_q.get(after - 1, [])),
        }
    return {
        "mode": mode,
        "kill_one": kill,
        "parameters": extra["parameters"],
        "machine": extra["machine"],
        "join": {
            "phones": args.clients,
            "joined": raw["joined"],
            "failed": len(raw["join_failures"]),
            "failures_sample": raw["join_failures"][:3],
            "all_joined_s": raw["join_wall_s"],
            **percentiles(join),
        },
        "fanout_open_ms": {**percentiles(fanout), "missing": missing_open},
        "fanout_per_question": per_question,
        "ack_ms": percentiles(acks),
        "projector_complete_ms": percentiles(projector_values)
        if raw["projector"]
        else None,
        "reveal_until_all_results_ms": raw.get("reveal_all_results_ms"),
        "results_received": results_received,
        "control_done_ms": {
            action: percentiles(values)
            for action, values in raw["control_done"].items()
        },
        "answers": answers,
        "client_errors": errors,
        "control_errors": raw["control_errors"],
        "timeouts": raw["timeouts"],
        "server_processes": servers,
        "client_processes": raw["client_stats"],
    }
