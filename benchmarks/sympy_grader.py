#!/usr/bin/env python3
"""A sympy-based grader on the value grader's benchmark pairs, for the speed comparison of issue
[grading]: each side translated from LaTeX to sympy syntax by a few rewrites (Debian's sympy has no
LaTeX parser without antlr4), parsed with sympify, judged equal when simplify(a - b) == 0 (or the
two parsed sets/tuples are equal element-wise). A lower bound on what a sympy grader costs: Math-Verify
does more per pair. Single thread, a 5 s alarm per pair (a timeout counts as "not equal").

    /usr/bin/python3 benchmarks/sympy_grader.py pairs.jsonl

pairs.jsonl: written by ValueGraderBenchmark's third argument. Prints pairs/s and agreement."""
import json, re, signal, sys, time

import sympy
from sympy.parsing.sympy_parser import (parse_expr, standard_transformations,
                                        implicit_multiplication_application, convert_xor)

TRANSFORMS = standard_transformations + (implicit_multiplication_application, convert_xor)


def braced(s, i):
    """The {...} group starting at s[i] == '{': (content, index after it)."""
    depth = 0
    for j in range(i, len(s)):
        if s[j] == '{':
            depth += 1
        elif s[j] == '}':
            depth -= 1
            if depth == 0:
                return s[i + 1:j], j + 1
    raise ValueError("unbalanced braces")


def to_sympy(tex):
    s = tex.strip().strip('$')
    s = re.sub(r'\\(left|right|displaystyle|!|,|;|quad)', ' ', s)
    s = re.sub(r'\\text\{[^{}]*\}|\\mbox\{[^{}]*\}', ' ', s)
    s = s.replace('\\%', '').replace('%', '').replace('^\\circ', '').replace('^{\\circ}', '')
    s = re.sub(r'\\[dt]frac', r'\\frac', s)
    out = []
    i = 0
    while i < len(s):
        if s.startswith('\\frac', i):
            i += 5
            while s[i] == ' ':
                i += 1
            if s[i] == '{':
                a, i = braced(s, i)
            else:
                a, i = s[i], i + 1
            while s[i] == ' ':
                i += 1
            if s[i] == '{':
                b, i = braced(s, i)
            else:
                b, i = s[i], i + 1
            out.append('((' + to_sympy(a) + ')/(' + to_sympy(b) + '))')
        elif s.startswith('\\sqrt', i):
            i += 5
            if i < len(s) and s[i] == '[':
                j = s.index(']', i)
                n = s[i + 1:j]
                i = j + 1
            else:
                n = '2'
            if s[i] == '{':
                a, i = braced(s, i)
            else:
                a, i = s[i], i + 1
            out.append('((' + to_sympy(a) + ')**(1/(' + n + ')))')
        else:
            out.append(s[i])
            i += 1
    s = ''.join(out)
    s = s.replace('\\pi', ' pi ').replace('\\infty', ' oo ').replace('\\cdot', '*').replace('\\times', '*')
    s = s.replace('{', '(').replace('}', ')').replace('\\', ' ')
    return s


def parse(tex):
    s = to_sympy(tex)
    parts = [p for p in re.split(r',(?![^()]*\))', s)] if ',' in s else [s]
    return [parse_expr(p, transformations=TRANSFORMS) for p in parts]


def equal(a, b):
    pa, pb = parse(a), parse(b)
    if len(pa) != len(pb):
        return False
    return all(sympy.simplify(x - y) == 0 for x, y in zip(pa, pb))


class Timeout(Exception):
    pass


def alarm(_sig, _frame):
    raise Timeout()


def main():
    pairs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
    signal.signal(signal.SIGALRM, alarm)
    agree = errors = timeouts = 0
    t0 = time.perf_counter()
    for p in pairs:
        signal.alarm(5)
        try:
            verdict = equal(p['pred'], p['gold'])
        except Timeout:
            verdict = False
            timeouts += 1
        except Exception:
            verdict = False
            errors += 1
        finally:
            signal.alarm(0)
        agree += verdict == p['equal']
    seconds = time.perf_counter() - t0
    print(json.dumps({"grader": "sympy simplify(a - b) == 0", "sympy": sympy.__version__,
                      "pairs": len(pairs), "seconds": round(seconds, 2),
                      "pairs_per_second": round(len(pairs) / seconds, 1),
                      "agrees_with_the_pair_label": agree, "parse_errors": errors,
                      "timeouts": timeouts}))


if __name__ == '__main__':
    main()
