"""Regenerates the golden chat-template renders in this directory with Python jinja2.

Usage: python3 generate_goldens.py [DATA_DIR]   (default the repository's testdata/)
Needs jinja2 (3.1.x). Writes qwen3-extra.json, qwen3-random.json and jinja-semantics.json here,
configured exactly as transformers' apply_chat_template configures jinja2.
"""
import os, sys, random
HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "../../../../../testdata")
import json
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.ext import loopcontrols
from jinja2.exceptions import TemplateError
import jinja2
env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[loopcontrols])
env.filters["tojson"] = lambda x, ensure_ascii=False, indent=None, separators=None, sort_keys=False: json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)
def rexc(m): raise TemplateError(m)
env.globals["raise_exception"] = rexc
cfg = json.load(open(os.path.join(SHARED, 'assets/qwen3-tokenizer/tokenizer_config.json')))
tmpl = env.from_string(cfg['chat_template'])
calc = {"type":"function","function":{"name":"calc","description":"Evaluate arithmetic.","parameters":{"type":"object","properties":{"expr":{"type":"string","description":"e.g. 2+2 — ünïcode"}},"required":["expr"]}}}
cases = [
 dict(name="tool call with dict arguments and tool response", tools=[calc], add_generation_prompt=True, enable_thinking=None, messages=[
   {"role":"user","content":"What is 37*48?"},
   {"role":"assistant","content":"","tool_calls":[{"type":"function","function":{"name":"calc","arguments":{"expr":"37*48","n":3,"x":1.5,"ok":True,"none":None}}}]},
   {"role":"tool","content":"1776"}]),
 dict(name="two tool calls, string arguments, two tool responses, final answer", tools=[calc], add_generation_prompt=False, enable_thinking=False, messages=[
   {"role":"system","content":"Be brief."},
   {"role":"user","content":"Compute 2+2 and 3*3."},
   {"role":"assistant","content":"<think>\nTwo sums.\n</think>\n\nLet me compute.","tool_calls":[{"function":{"name":"calc","arguments":"{\"expr\": \"2+2\"}"}},{"name":"calc","arguments":{"expr":"3*3"}}]},
   {"role":"tool","content":"4"},{"role":"tool","content":"9"},
   {"role":"assistant","content":"4 and 9."}]),
 dict(name="reasoning_content field and multi-step tool use after the last query", tools=None, add_generation_prompt=True, enable_thinking=True, messages=[
   {"role":"user","content":"First question"},
   {"role":"assistant","content":"Answer one.","reasoning_content":"\nthinking one\n"},
   {"role":"user","content":"Second question"},
   {"role":"assistant","content":"\n\nPartial.","reasoning_content":"step"},
   {"role":"user","content":"<tool_response>\nresult\n</tool_response>"},
   {"role":"assistant","content":"Done."}]),
 dict(name="system message not first is rendered in place", tools=None, add_generation_prompt=True, enable_thinking=False, messages=[
   {"role":"user","content":"a"},{"role":"system","content":"late system"},{"role":"user","content":"b 🙂 — naïve"}]),
]
out = []
for c in cases:
    kw = dict(messages=c["messages"], tools=c["tools"], documents=None, add_generation_prompt=c["add_generation_prompt"], eos_token=cfg["eos_token"], pad_token=cfg["pad_token"])
    if c["enable_thinking"] is not None: kw["enable_thinking"] = c["enable_thinking"]
    c["expected"] = tmpl.render(**kw)
    out.append(c)
json.dump({"source": f"Qwen3 chat_template from testdata/assets/qwen3-tokenizer/tokenizer_config.json rendered by Python jinja2 {jinja2.__version__} configured as transformers' apply_chat_template (ImmutableSandboxedEnvironment, trim_blocks, lstrip_blocks, loopcontrols, tojson=json.dumps ensure_ascii=False); variables messages, tools, documents=None, add_generation_prompt, eos_token, pad_token, enable_thinking when not null", "cases": out}, open(os.path.join(HERE, 'qwen3-extra.json'),'w'), ensure_ascii=False, indent=1)

# Jinja semantics cases: (name, template, variables) -> expected or error
sem = [
 ("lstrip and trim blocks", "a\n  {% if true %}\n  b\n  {% endif %}\n c {{- 'x' -}}  \n d\n", {}),
 ("comments and whitespace", "  {{ 'x' }}\n{# c #}\n  {#- c #} e", {}),
 ("plus disables lstrip", "x\n  {%+ if true %}y{% endif %}\n", {}),
 ("set in loop does not leak", "{% set x = 'o' %}{% for i in range(3) %}[{{ x }}]{% set x = i %}({{x}}){% endfor %}{{x}}", {}),
 ("set in if leaks", "{% if true %}{% set y = 1 %}{% endif %}{{ y }}", {}),
 ("namespace survives loop", "{% set ns = namespace(n=0, s='') %}{% for i in [3,4,5] %}{% set ns.n = ns.n + i %}{% set ns.s = ns.s ~ i %}{% endfor %}{{ ns.n }}/{{ ns.s }}", {}),
 ("python str of values", "{{ none }}|{{ true }}|{{ 1.0 }}|{{ 1e-5 }}|{{ [1,'a',none] }}|{{ {'a':1} }}|{{ 10/4 }}|{{ 7//2 }}|{{ -7 % 3 }}|{{ 3.0 * 2 }}|{{ 2 ** 10 }}|{{ 1e16 }}|{{ 0.1+0.2 }}|{{ 123456.789e3 }}", {}),
 ("repr quoting", "{{ [\"it's\", 'a\"b', 'a\\nb', 'tab\\t'] }}", {}),
 ("undefined behaviour", "[{{ u }}]{{ u is defined }}{{ d.x is defined }}{{ u|length }}{{ 'a' in u }}{% for x in u %}no{% else %}empty{% endfor %}{{ u ~ 'x' }}{{ u|default('dflt') }}", {"d": {}}),
 ("loop variables", "{% for a in ['x','y','z'] %}{{ loop.index }}{{ loop.index0 }}{{ loop.revindex }}{{ loop.revindex0 }}{{ loop.first }}{{ loop.last }}{{ loop.length }}{{ loop.previtem }}{{ loop.nextitem }};{% endfor %}", {}),
 ("loop filter and controls", "{% for i in range(10) if i is odd %}{% if i > 7 %}{% break %}{% endif %}{% if i == 3 %}{% continue %}{% endif %}{{ i }}{{ loop.length }},{% endfor %}", {}),
 ("string methods", "{{ 'a b  c'.split() }}{{ 'a,b,,c'.split(',') }}{{ 'a,b,c'.split(',', 1) }}[{{ '  x \\n'.strip() }}]{{ 'xxaxx'.lstrip('x') }}{{ 'xxaxx'.rstrip('x') }}{{ 'abc'.startswith('ab') }}{{ 'abc'.endswith(('x','c')) }}{{ 'aXbX'.replace('X','-') }}{{ 'Hello'.upper() }}{{ 'Hello'.lower() }}{{ 'abcabc'.find('c') }}{{ '-'.join(['a','b']) }}", {}),
 ("slicing", "{{ 'abcdef'[::-1] }}|{{ 'abcdef'[1:3] }}|{{ 'abcdef'[-2:] }}|{{ [1,2,3,4,5][::2] }}|{{ [1,2,3,4,5][4:1:-1] }}|{{ 'héllo🙂x'[::-1] }}|{{ 'héllo🙂x'[5] }}|{{ [1,2][5] }}|{{ [1,2,3][-1] }}", {}),
 ("filters", "{{ '  pad  '|trim }}|{{ [3,1,2]|length }}|{{ 'héllo🙂'|length }}|{{ 12|string ~ 'x' }}|{{ 'AbC'|lower }}{{ 'AbC'|upper }}|{{ [1,2,3]|first }}{{ [1,2,3]|last }}|{{ [1,2,3]|join(', ') }}|{{ {'b':1,'a':2}|dictsort }}|{{ [{'n':'x'},{'n':'y'}]|map(attribute='n')|join }}|{{ [1,2,3,4]|select('even')|list }}|{{ [{'r':'a'},{'r':'b'}]|selectattr('r','equalto','b')|list }}|{{ [1,2,2,3]|unique|list }}|{{ [3,1,2]|sort }}|{{ [1,2,3]|reverse|list }}|{{ '3'|int + 1 }}|{{ 2.5|round }}|{{ 'a\\nb'|indent(2) }}|{{ 'hello world'|title }}|{{ {'a':1}|items|list }}", {}),
 ("tojson", "{{ x|tojson }}|{{ x|tojson(indent=2) }}|{{ 'é\\u2028\\x7f\\x01\"\\\\'|tojson }}|{{ [1.0, 1e-7, 2.5e20, none, true]|tojson }}|{{ {'b':1,'a':[]}|tojson(sort_keys=true) }}", {"x": {"a": [1, 2, {}], "b": [], "c": "ü"}}),
 ("tests", "{{ 'a' is string }}{{ 1 is string }}{{ {} is mapping }}{{ [] is mapping }}{{ none is none }}{{ 1 is number }}{{ 5 is divisibleby 5 }}{{ x is sameas false }}{{ x is false }}{{ 1 is not none }}{{ [] is iterable }}{{ 2 is even }}", {"x": False}),
 ("operators and precedence", "{{ 1 + 2 * 3 }}|{{ (1 + 2) * 3 }}|{{ 'a' ~ (1 + 2) }}|{{ 2 ~ 3 * 2 }}|{{ [1,2]|length - 1 }}|{{ not true or true }}|{{ 1 < 2 < 3 }}|{{ 'b' in 'abc' }}|{{ 'z' not in ['a'] }}|{{ -2 ** 2 }}|{{ 'x' if false else 'y' }}|{{ 1 == 1.0 }}|{{ true == 1 }}|{{ 'ab' * 2 }}|{{ [1] + [2] }}|{{ 'a' < 'b' }}", {}),
 ("macro", "{% macro m(a, b='q') %}<{{a}}{{b}}>{% endmacro %}{{ m(1) }}{{ m(1, b=2) }}{{ m(a=3) }}", {}),
 ("dict methods and access", "{% for k, v in d.items() %}{{k}}={{v}};{% endfor %}{{ d.get('a') }}{{ d.get('z', 'dz') }}{{ d['b'] }}{{ d.keys()|list }}{{ d.values()|list }}{{ m.0 }}", {"d": {"a": 1, "b": None}, "m": ["zero"]}),
 ("set block and tuple unpack", "{% set a, b = 1, 2 %}{{ a }}{{ b }}{% set blk %}  inner {{ a }}{% endset %}[{{ blk }}]", {}),
 ("string escapes", "{{ 'tab\\there' }}|{{ \"q\\\"uote\" }}|{{ '\\u00e9\\x41' }}|{{ 'a' 'b' }}", {}),
 ("crlf and trailing newline", "line1\r\n{% if true %}\r\nyes\r\n{% endif %}\r\n", {}),
 ("raw block", "{% raw %}{{ not evaluated }}{% endraw %}", {}),
 ("float repr", "{{ xs }}|{{ xs|tojson }}", {"xs": [0.1, 1/3, 2.5e-5, 1e-4, 9.999e15, 1e16, 123456789012345680.0, -0.5, 5e-324, 1.7976931348623157e308, 100.0, 0.0001234]}),
 ("unicode whitespace strip", "a \u00a0\n  {%- if true -%} \u00a0 b{{ ' \u00a0x\u3000 '.strip() }}{% endif %}", {}),
 ("elif chain", "{% for i in [1,2,3] %}{% if i == 1 %}one{% elif i == 2 %}two{% else %}other{% endif %} {% endfor %}", {}),
]
errs = [
 ("raise_exception", "{{ raise_exception('bad role') }}", {}),
 ("attribute of undefined", "{{ u.x }}", {}),
 ("str plus int", "{{ 'a' + 1 }}", {}),
 ("namespace assignment on non-namespace", "{% set d = {} %}{% set d.x = 1 %}", {}),
]
sout = []
for name, t, v in sem:
    sout.append({"name": name, "template": t, "variables": v, "expected": env.from_string(t).render(**v)})
for name, t, v in errs:
    try:
        env.from_string(t).render(**v); raise SystemExit("no error for "+name)
    except Exception as e:
        sout.append({"name": name, "template": t, "variables": v, "error": f"{type(e).__name__}: {e}"})
json.dump({"source": f"Python jinja2 {jinja2.__version__}, ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[loopcontrols]) with transformers' tojson (json.dumps ensure_ascii=False) and raise_exception; 'error' cases raise in Python", "cases": sout}, open(os.path.join(HERE, 'jinja-semantics.json'),'w'), ensure_ascii=False, indent=1)
print("ok", len(out), len(sout))

# ---- random conversations ----
rng = random.Random(1234)
pieces = ["Hello", " world", "\n", "\n\n", "<think>", "</think>", "<tool_response>", "</tool_response>", "数学", "🙂", "  ", "x=1", "\t", "\"q\"", "\\", "é"]
def text(): return "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
cases = []
for i in range(60):
    msgs = []
    for j in range(rng.randint(1, 7)):
        role = rng.choice(["user", "assistant", "assistant", "tool", "system"])
        m = {"role": role, "content": text()}
        if role == "assistant" and rng.random() < 0.3:
            m["reasoning_content"] = text()
        if role == "assistant" and rng.random() < 0.3:
            calls = []
            for k in range(rng.randint(1, 2)):
                args = rng.choice([{"expr": text(), "n": rng.randint(-5, 5)}, json.dumps({"a": text()}, ensure_ascii=False), {"f": rng.random(), "l": [1, None, True]}])
                call = {"name": "calc", "arguments": args}
                calls.append({"type": "function", "function": call} if rng.random() < 0.5 else call)
            m["tool_calls"] = calls
        msgs.append(m)
    c = dict(name=f"random {i}", messages=msgs, tools=[calc] if rng.random() < 0.3 else None,
             add_generation_prompt=rng.random() < 0.5, enable_thinking=rng.choice([None, True, False]))
    kw = dict(messages=msgs, tools=c["tools"], documents=None, add_generation_prompt=c["add_generation_prompt"], eos_token=cfg["eos_token"], pad_token=cfg["pad_token"])
    if c["enable_thinking"] is not None: kw["enable_thinking"] = c["enable_thinking"]
    c["expected"] = tmpl.render(**kw)
    cases.append(c)
json.dump({"source": f"60 random conversations (Python random.Random(1234), generate_goldens.py), Qwen3 chat_template rendered by Python jinja2 {jinja2.__version__} configured as transformers' apply_chat_template", "cases": cases}, open(os.path.join(HERE, 'qwen3-random.json'),'w'), ensure_ascii=False, indent=1)
print("ok")

# ---- a Qwen2.5-Instruct-style template (tools, tool_calls, default system prompt) ----
QWEN25 = r'''{%- if tools %}
    {{- '<|im_start|>system\n' }}
    {%- if messages[0]['role'] == 'system' %}
        {{- messages[0]['content'] }}
    {%- else %}
        {{- 'You are Qwen, created by Alibaba Cloud. You are a helpful assistant.' }}
    {%- endif %}
    {{- "\n\n# Tools\n\nYou may call one or more functions to assist with the user query.\n\nYou are provided with function signatures within <tools></tools> XML tags:\n<tools>" }}
    {%- for tool in tools %}
        {{- "\n" }}
        {{- tool | tojson }}
    {%- endfor %}
    {{- "\n</tools>\n\nFor each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\n<tool_call>\n{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call><|im_end|>\n" }}
{%- else %}
    {%- if messages[0]['role'] == 'system' %}
        {{- '<|im_start|>system\n' + messages[0]['content'] + '<|im_end|>\n' }}
    {%- else %}
        {{- '<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n' }}
    {%- endif %}
{%- endif %}
{%- for message in messages %}
    {%- if (message.role == "user") or (message.role == "system" and not loop.first) or (message.role == "assistant" and not message.tool_calls) %}
        {{- '<|im_start|>' + message.role + '\n' + message.content + '<|im_end|>' + '\n' }}
    {%- elif message.role == "assistant" %}
        {{- '<|im_start|>' + message.role }}
        {%- if message.content %}
            {{- '\n' + message.content }}
        {%- endif %}
        {%- for tool_call in message.tool_calls %}
            {%- if tool_call.function is defined %}
                {%- set tool_call = tool_call.function %}
            {%- endif %}
            {{- '\n<tool_call>\n{"name": "' }}
            {{- tool_call.name }}
            {{- '", "arguments": ' }}
            {{- tool_call.arguments | tojson }}
            {{- '}\n</tool_call>' }}
        {%- endfor %}
        {{- '<|im_end|>\n' }}
    {%- elif message.role == "tool" %}
        {%- if (loop.index0 == 0) or (messages[loop.index0 - 1].role != "tool") %}
            {{- '<|im_start|>user' }}
        {%- endif %}
        {{- '\n<tool_response>\n' }}
        {{- message.content }}
        {{- '\n</tool_response>' }}
        {%- if loop.last or (messages[loop.index0 + 1].role != "tool") %}
            {{- '<|im_end|>\n' }}
        {%- endif %}
    {%- endif %}
{%- endfor %}
{%- if add_generation_prompt %}
    {{- '<|im_start|>assistant\n' }}
{%- endif %}
'''
t25 = env.from_string(QWEN25)
rng = random.Random(2525)
q25 = []
for i in range(20):
    msgs = []
    for j in range(rng.randint(1, 6)):
        role = rng.choice(["user", "assistant", "assistant", "tool", "system"])
        m = {"role": role, "content": text()}
        if role == "assistant" and rng.random() < 0.4:
            call = {"name": "calc", "arguments": {"expr": text(), "k": rng.randint(0, 9)}}
            m["tool_calls"] = [{"type": "function", "function": call} if rng.random() < 0.5 else call]
        msgs.append(m)
    c = dict(name=f"qwen2.5-style random {i}", messages=msgs, tools=[calc] if rng.random() < 0.4 else None,
             add_generation_prompt=rng.random() < 0.5, enable_thinking=None)
    c["expected"] = t25.render(messages=msgs, tools=c["tools"], documents=None,
                               add_generation_prompt=c["add_generation_prompt"],
                               eos_token="<|im_end|>", pad_token="<|endoftext|>")
    q25.append(c)
json.dump({"source": f"A Qwen2.5-Instruct-style chat template (field template) and 20 random conversations (random.Random(2525)), rendered by Python jinja2 {jinja2.__version__} configured as transformers' apply_chat_template; generate_goldens.py",
           "template": QWEN25, "cases": q25},
          open(os.path.join(HERE, 'qwen25-style.json'), 'w'), ensure_ascii=False, indent=1)
print("ok qwen2.5", len(q25))
