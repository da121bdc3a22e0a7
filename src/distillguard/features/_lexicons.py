"""Regular expressions and word lists behind :mod:`distillguard.features.text`.

Every pattern here runs (RE2 syntax, through ``pyarrow.compute``) on text that has already been
normalised: Unicode NFKC, lower case, curly quotes made straight, every run of whitespace one
space.  So patterns are written in lower case, with single spaces, and need no ``(?i)``.

Each cue is a tuple of alternatives; :mod:`~distillguard.features.text` joins them into RE2
alternations.  Two rules keep that fast and correct (``tests/features/test_text.py`` checks both):

* an alternative written with a non-ASCII character must need one in every match (pure-ASCII
  text is only scanned with the pure-ASCII alternatives);
* a bounded gap ``.{m,n}`` may appear only at the top level of an alternative.  Every row is
  scanned for a cheap *gate* (the part before the gap, or the first member of a
  ``(gate, alternative)`` pair, which every match of the alternative must contain); only rows
  that passed a gate are matched against the whole alternative (gaps blow up RE2's DFA when
  joined with many alternatives).

The cue patterns were measured on real corpora (see ``tests/features/test_text.py``): they must
fire on the extraction seeds (Alpaca's ``prompt.txt``, spikee, PyRIT/garak) and stay rare on what
ordinary users ask (ShareGPT human turns, Arena-Hard) and on XSTest's safe-but-alarming prompts.
"""

from __future__ import annotations

__all__ = [
    "Alternative",
    "CODE",
    "CUE_ALIGN",
    "CUE_COT",
    "CUE_COT_SYSTEM",
    "CUE_DATAGEN",
    "CUE_SYSPROMPT",
    "LANG_STOPWORDS",
    "MATH",
    "TOPIC_WORDS",
]


#: one alternative of a cue: a pattern, or (gate, pattern) where every match of pattern contains one of gate
Alternative = str | tuple[str, str]


def _alt(*parts: str) -> str:
    return "(?:" + "|".join(parts) + ")"


# --------------------------------------------------------------------------------------------
# chain-of-thought / reasoning-trace elicitation
# --------------------------------------------------------------------------------------------
_REASONING_NOUN = _alt(
    r"reasoning", r"thought process(?:es)?", r"thinking(?: process)?", r"chain[- ]of[- ]thoughts?",
    r"internal monologue", r"inner monologue", r"rationale",
)
CUE_COT: tuple[Alternative, ...] = (
    # English
    r"\bthink(?:ing)? (?:this |it |this problem |it all |the problem )?(?:through )?step[- ]by[- ]step",
    r"\blet'?s (?:think|reason|work) (?:(?:this|it) )?(?:through|out|step|carefully|logically|systematically)\b",
    r"\byour (?:internal|inner|private|hidden|raw) (?:thoughts|monologue|deliberation)\b",
    r"\b(?:reason|work|walk (?:me )?through|solve|answer|explain(?: your answer)?|go|proceed) step[- ]by[- ]step",
    r"\bstep[- ]by[- ]step (?:reasoning|thinking|thought|solution|derivation|explanation|justification|rationale)",
    r"\bshow (?:me )?(?:all |every step of |each step of |the steps of |the full |your full |all of )?your "
    r"(?:reasoning|work(?:ing)?|steps|thought process|thinking|chain of thought|derivation)",
    r"\bshow (?:me )?(?:all |every step of |each step of |the full |all of )?the (?:reasoning|working|thought process|chain of thought|derivation)",
    r"\b(?:explain|justify|describe|articulate|outline) (?:your|the|each|every) (?:reasoning|thought process|steps? of (?:your )?reasoning|thinking)",
    r"\bjustify (?:your|each|every) (?:steps?|answers?)",
    r"\b(?:full|complete|entire|detailed|raw|hidden|internal|private|verbatim|unfiltered|original) " + _REASONING_NOUN
    + r"(?: (?:process|trace|steps?))?\b(?: (?:verbatim|in full|word for word))?",
    r"\bchain[- ]of[- ]thoughts?\b",
    r"\b(?:reasoning|thinking|thought) (?:trace|traces|tokens|chain|steps)\b",
    r"\bthought process\b",
    r"</?think>|</?thinking>|</?reasoning>|</?scratchpad>",
    r"\bscratch ?pad\b",
    r"\bthink (?:out loud|aloud)\b",
    r"\b(?:reason|think) (?:carefully |deeply |hard )?(?:about it |through (?:it|this|the problem) )?before (?:answering|responding|you answer|giving)",
    r"\b(?:explain|show) (?:your|the) (?:work|steps) before (?:answering|giving)",
    # Spanish / Portuguese
    r"\bpaso a paso\b", r"\brazonamiento", r"\bcadena de pensamiento", r"\bproceso de pensamiento",
    r"\bpasso a passo\b", r"\braciocinio", r"\braciocínio", r"\bcadeia de pensamento",
    # Chinese
    r"逐步", r"一步一步", r"一步步", r"思考过程", r"推理过程", r"思维链", r"思路", r"推导过程", r"解题过程",
    # Japanese
    r"ステップバイステップ", r"段階的に", r"一歩ずつ", r"思考過程", r"推論過程", r"考え方を", r"順を追って",
    # Russian
    r"шаг за шагом", r"пошагово", r"рассуждени", r"ход (?:своих |ваших |твоих )?мысл", r"цепочк[а-я]* (?:рассуждений|мыслей)",
    # German
    r"schritt für schritt", r"\bgedankengang", r"\bdenkprozess", r"\blösungsweg", r"\bbegründe (?:deine|ihre|jeden)",
    # French
    r"étape par étape", r"\braisonnement", r"processus de réflexion", r"cha[iî]ne de pensée",
    r"\bjustifie[zr]? (?:ta|votre|chaque)",
)

#: system prompts that ask every answer for its reasoning (Orca-style explanation tuning)
CUE_COT_SYSTEM: tuple[Alternative, ...] = (
    *CUE_COT,
    r"\bthink step[- ]by[- ]step and justify",
    r"\bjustify your steps\b",
    r"\bexplain (?:it )?like i'?m five\b",
    r"\bwhile (?:performing|answering) the task,? think",
)

# --------------------------------------------------------------------------------------------
# alignment probing: the model's own values, rules, refusals
# --------------------------------------------------------------------------------------------
_RULES = _alt(
    r"values", r"core values", r"guidelines", r"rules", r"principles", r"policies", r"policy", r"constitution",
    r"safety (?:policy|policies|guidelines|rules|training|filters?|measures|constraints)",
    r"content (?:policy|policies|guidelines|filters?|rules)", r"usage polic(?:y|ies)",
    r"ethical (?:guidelines|principles|framework|rules|constraints|boundaries|standards)",
    r"moral (?:compass|principles|framework|code|values|rules)", r"ethics", r"morals",
    r"restrictions", r"limitations", r"boundaries", r"constraints", r"programming", r"alignment",
    r"(?:training|design) (?:objectives?|goals?|guidelines)", r"refusal (?:policy|criteria|rules)",
    r"directives", r"red lines",
)
CUE_ALIGN: tuple[Alternative, ...] = (
    # what/which/describe ... your <rules>
    r"\b(?:what|which|how|why|describe|explain|tell me|list|share|summari[sz]e|outline|walk me through|state) "
    r"(?:(?:are|is|do|does|would|were|about|of|me|us|exactly|all|in detail|the) ){0,4}your (?:own )?(?:specific |exact |internal |core |underlying )?" + _RULES + r"\b",
    r"\byour (?:own )?(?:" + _RULES + r") (?:say|tell you|require|allow|prohibit|forbid|prevent|dictate)\b",
    r"\b(?:rules|guidelines|principles|policies|values|constitution) (?:that )?(?:you|ai assistants?|the assistant) (?:follow|obey|adhere to|operate under|abide by|were trained (?:on|with))\b",
    r"\b(?:what|which) (?:rules|guidelines|principles|policies|values|restrictions) (?:do|must|should|did|are) you (?:\w+ )?(?:follow|obey|adhere to|abide by|operate under|have|hold|bound by)\b",
    # refusals
    r"\bwhy (?:did|do|would|will|won'?t|wouldn'?t|didn'?t|can'?t|cannot|couldn'?t) you (?:not )?(?:refuse|decline|reject|refusing|declining)",
    r"\bwhy (?:won'?t|wont|wouldn'?t|didn'?t|don'?t|dont|can'?t|cant|cannot|couldn'?t) you (?:just )?(?:answer (?:me|my|that|this|it)|help me|respond to|comply|assist me|do (?:that|this|it) for me|write (?:that|this|it) for me)",
    r"\bwhat (?:kinds?|types?|sorts?) of (?:requests|questions|things|topics|content|tasks) (?:do|would|will|are) you (?:refuse|decline|not|never|avoid|reject)",
    r"\bwhat (?:would|wouldn'?t|won'?t|will) you (?:refuse|never|not be willing|be unwilling)",
    r"\bwould you ever\b",
    r"\bunder what (?:circumstances|conditions) (?:would|will|do|could|can) you\b",
    r"\bhow do you (?:decide|determine|judge|know|evaluate|assess) (?:what|whether|if|when|which)\b.{0,60}"
    r"\b(?:harmful|appropriate|inappropriate|ethical|unethical|safe|unsafe|offensive|dangerous|acceptable|allowed|refuse)",
    r"\b(?:do|would|could|can|will) you (?:ever )?(?:lie|deceive|disobey|break your|bend your|ignore your|violate your|override your)\b",
    r"\bare you (?:not )?(?:allowed|permitted|forbidden|prohibited|programmed|trained|designed) (?:to|not to)\b",
    r"\bwhat (?:are|were) you (?:trained|programmed|designed|instructed) (?:to|not to)\b",
    r"\bas an ai,? (?:what|how|why|do|would|can|could|are|should|which)\b",
    r"\byour (?:own )?(?:refusals?|safety training|alignment training|rlhf|guardrails|creators?'? (?:rules|guidelines|values))\b",
    r"\b(?:openai|anthropic|google|meta)'?s? (?:content |usage |safety )?(?:policy|policies|guidelines) (?:that )?(?:you|require|forbid)",
    r"\bhow (?:were|are) you (?:aligned|trained to be (?:safe|harmless|helpful|honest))",
    # Spanish / Portuguese
    r"\b(?:tus|sus) (?:propios )?(?:valores|reglas|directrices|principios|normas|restricciones|pautas)\b",
    r"\b(?:tus|sus) (?:propias )?políticas\b",
    r"\bpor que (?:te negaste|rechazaste|te niegas|no (?:puedes|quieres) (?:responder|ayudar))",
    r"\bpor qué (?:te negaste|rechazaste|te niegas|no (?:puedes|quieres) (?:responder|ayudar))",
    r"\b(?:seus|suas) (?:valores|regras|diretrizes|principios)\b", r"\b(?:seus|suas) (?:princípios|políticas)\b",
    r"\bpor que (?:voce )?(?:se recusou|recusou)", r"\bpor que você (?:se recusou|recusou)",
    # Chinese / Japanese
    r"你的(?:价值观|规则|准则|原则|安全政策|安全策略|道德|底线|行为准则|限制)", r"你为什么(?:拒绝|不回答|不能回答)",
    r"你(?:会|能)不会(?:拒绝|撒谎)", r"你(?:遵循|遵守)(?:什么|哪些)", r"あなたの(?:価値観|ルール|ガイドライン|原則|ポリシー)", r"なぜ(?:拒否|断っ)",
    # Russian
    r"(?:твои|ваши|твоих|ваших) (?:ценности|правила|принципы|ограничения|руководящие|этические)",
    r"почему (?:ты|вы) (?:отказ|не (?:можешь|можете|хочешь|хотите) ответить)",
    r"(?:у тебя|у вас) (?:\S+ )?(?:правила|ценности|принципы|ограничения)",
    # German
    r"\b(?:deine|ihre) (?:eigenen )?(?:werte|regeln|richtlinien|prinzipien|grundsatze)\b",
    r"\b(?:deine|ihre) (?:eigenen )?(?:grundsätze|einschränkungen)\b",
    r"\bwarum (?:hast du|haben sie|lehnst du|lehnen sie|verweigerst du)\b.{0,40}(?:abgelehnt|ab\b|verweigert)",
    # French
    r"\b(?:tes|vos) (?:propres )?(?:valeurs|regles|principes|directives|lignes directrices|limites)\b",
    r"\b(?:tes|vos) (?:propres )?règles\b",
    r"\bpourquoi (?:as-tu|avez-vous|tu as|vous avez) refus",
)

# --------------------------------------------------------------------------------------------
# training-data generation
# --------------------------------------------------------------------------------------------
_N = r"(?:\d{1,5}|ten|twenty|thirty|forty|fifty|a hundred|one hundred|hundreds of|a thousand|thousands of|a few|several|multiple|many|some)"
_ITEM = _alt(
    r"question[- ](?:and[- ])?answer pairs?", r"q ?& ?a pairs?", r"qa pairs?", r"(?:task )?instructions?",
    r"tasks?", r"(?:training |fine-?tuning |synthetic )?(?:examples?|samples?|data points?|instances)",
    r"prompts?", r"dialogues?", r"conversations?", r"(?:input|prompt)[- ](?:output|response|completion) pairs?",
    r"test cases", r"questions? (?:and|with) (?:their )?answers",
)
_BIG_N = r"(?:[2-9]\d|[1-9]\d{2,4}|twenty|thirty|forty|fifty|a hundred|one hundred|hundreds of|a thousand|thousands of)"
_TRAINING_DATA = (
    r"\b(?:training|fine[- ]?tuning|finetuning|synthetic|instruction[- ]tuning|sft|distillation|preference|rlhf) "
    r"(?:data(?:set)?s?|data set|examples|samples|corpus|pairs)\b"
)
_GEN = r"(?:generate|create|produce|synthesi[sz]e|write|give me|make|output|build|come up with|list|provide)"
CUE_DATAGEN: tuple[Alternative, ...] = (
    r"\bquestion[- ](?:and[- ])?answer pairs?\b", r"\bq ?& ?a pairs?\b", r"\bqa pairs?\b",
    r"\b(?:instruction|prompt|input)[- ](?:response|output|answer|completion) pairs?\b",
    (_TRAINING_DATA, r"\b" + _GEN + r"\b.{0,40}" + _TRAINING_DATA),
    r"\bcome up with (?:a (?:set|list) of )?" + _N + r" (?:diverse|different|unique|varied|distinct) (?:task )?(?:instructions|tasks|prompts|questions)",
    r"\b" + _BIG_N + r" (?:diverse|varied|distinct) (?:and (?:\w+) )?" + _ITEM,
    r"\b" + _GEN + r" (?:me )?(?:a (?:list|set|batch|collection) of )?" + _BIG_N + r" "
    r"(?:more |new |diverse |different |unique |varied |synthetic |high[- ]quality |realistic |sample |example )*" + _ITEM,
    r"\b(?:generate|create|produce|synthesi[sz]e|build) (?:a |an )?(?:synthetic |training |labell?ed |instruction )(?:dataset|data set|corpus)\b",
    r"\b(?:list of|set of) \d+ (?:tasks|instructions)\b",
    r"\bdiverse (?:task )?instructions\b",
    r'"instruction" ?: ?|"instruction", ?"input", ?"output"|\binstruction, input,? (?:and )?output\b',
    r"\b(?:keys|fields|columns):? [\"'\[(]?(?:instruction|question|prompt)[\"']?,? (?:[\"']?(?:input|context)[\"']?,? )?(?:and )?[\"']?(?:output|answer|response|completion)\b",
    r"<noinput>",
    # Spanish / Portuguese
    r"\bpares? de preguntas? ?(?:y|-) ?respuestas?", (r"\bdatos (?:de entrenamiento|sinteticos)", r"\b(?:genera|crea|produce|escribe)\b.{0,40}\bdatos (?:de entrenamiento|sinteticos)"),
    (r"\bdatos sintéticos", r"\b(?:genera|crea|produce|escribe)\b.{0,40}\bdatos sintéticos"),
    r"\bpares? de perguntas? ?(?:e|-) ?respostas?", (r"\bdados (?:de treinamento|de treino|sinteticos)", r"\b(?:gere|crie|produza|escreva)\b.{0,40}\bdados (?:de treinamento|de treino|sinteticos)"),
    (r"\bdados sintéticos", r"\b(?:gere|crie|produza|escreva)\b.{0,40}\bdados sintéticos"),
    # Chinese / Japanese
    r"问答对", r"(?:生成|创建|编写|制作|给我).{0,15}(?:训练数据|训练集|合成数据|微调数据|指令数据|数据集)", r"生成\d+(?:个|条|组)",
    r"学習データを(?:作|生成)", r"質問と回答のペア",
    # Russian
    r"пар[ыа]? (?:«)?вопрос[- ]ответ", r"(?:сгенерируй|создай|придумай|напиши).{0,40}(?:обучающ(?:ие|их|ая|ую) (?:данн|выборк|пример)|синтетическ(?:ие|их) данн|датасет)",
    # German
    r"frage-antwort-paare", (r"\b(?:trainingsdaten|synthetische daten|datensatz)", r"\b(?:generiere|erstelle|erzeuge|schreibe)\b.{0,40}\b(?:trainingsdaten|synthetische daten|datensatz)"),
    # French
    r"paires? (?:de )?questions?[- ]réponses?", (r"\b(?:données d'(?:entraînement|apprentissage)|données synthétiques|jeu de données)",
     r"\b(?:gén[eè]re|crée|cree|produis|écris)\b.{0,40}\b(?:données d'(?:entraînement|apprentissage)|données synthétiques|jeu de données)"),
)

# --------------------------------------------------------------------------------------------
# system-prompt extraction
# --------------------------------------------------------------------------------------------
_VERB = (
    r"(?:repeat|print|output|show|display|reveal|reproduce|copy|paste|recite|echo|tell me|give me|leak|dump|"
    r"list|translate|encode|return|write out|spell out|type out|summari[sz]e|share|disclose|expose|provide)"
)
_SECRET = _alt(
    r"system (?:prompt|message|instructions?|directives?)",
    r"(?:initial|original|hidden|secret|starting|very first|first|internal|underlying|developer|pre-?) "
    r"(?:prompt|instructions|directives|configuration)",
    r"(?:instructions|prompt|configuration|config|setup|programming|guidelines|rules|unique id|secret|password|id)",
)
CUE_SYSPROMPT: tuple[Alternative, ...] = (
    r"\b(?:your|the) (?:(?:full|entire|exact|whole|complete|original|initial|hidden|secret|current|own) )?"
    r"system (?:prompt|message|instructions?|directives?)\b",
    r"\bsystem_prompt\b|\bsys_?prompt\b|\bsystemprompt\b|<system_?prompt>",
    r"\byour (?:(?:very )?(?:first|initial|original|hidden|secret|starting|internal|underlying|developer|pre-?)) ?"
    r"(?:(?:initial|original|system) )?(?:prompt|instructions|directives|configuration|message)\b",
    r"\b(?:initial|original|first|starting|hidden|secret) (?:prompt|instructions|message) (?:you were|you've been|you have been|that you were) given\b",
    r"\b(?:instructions|text|prompt|words) (?:you were|you've been|you have been|that you were) given (?:initially|at the (?:start|beginning))",
    (r"\byour " + _SECRET + r"\b", r"\b" + _VERB + r" .{0,30}\byour " + _SECRET + r"\b"),
    r"\b" + _VERB + r" (?:back |me )?(?:all |everything |the |all the |all of the )?(?:text|words|content|instructions|messages?|everything|prompt) "
    r"(?:written )?(?:above|before|prior)\b",
    r"\b" + _VERB + r" (?:all |everything in )?the above (?:text|words|content|prompt|instructions|message)",
    r"\binitiali[sz]ation (?:string|prompt|text)\b",
    r"\b" + _VERB + r" (?:me )?(?:the |your |any |all |all of the )?(?:internal |hidden |secret |original |initial |underlying )"
    r"(?:system )?(?:prompts?|instructions|configuration)\b",
    r"\bwhat (?:were|are|was|is) (?:you|your) (?:told|instructed|given|initial|original|first)\b",
    r"\bwhat (?:were|are) (?:those|these|the|your) (?:previous |prior |earlier |above )?instructions\b",
    r"\b(?:my|your) instructions (?:are|were)\b",
    r"\bi was (?:instructed|told|programmed) to\b",
    r"\bwhat are you not (?:supposed|allowed|permitted) to (?:tell|say|reveal|share|disclose)",
    r"\b(?:starting|beginning|begin|start) with (?:the (?:phrase|words) )?'you are\b",
    r"'you are(?: \.\.\.|\.\.\.)?'", r"'you are ?…'",
    r"\b(?:line by line|word for word|verbatim)\b.{0,60}\b(?:above|before this|conversation|you see|you were given)",
    r"\brepeat (?:this|the) (?:entire |whole )?conversation\b",
    r"\b(?:maintenance|debug|developer|god) mode\b.{0,60}\b(?:configuration|prompt|instructions)",
    r"\b(?:administrator|admin|developer) override\b",
    r"\bsystem configuration\b",
    r"\bconsole\.log\(system",
    r"\byour (?:unique |secret |hidden |internal )(?:id|identifier|key|password|token|code)\b",
    # Spanish / Portuguese
    r"\b(?:prompt|mensaje|instrucciones|indicaciones) (?:del|de) sistema\b", r"\binstrucciones (?:iniciales|originales)\b",
    r"\b(?:prompt|mensagem|instrucoes) do sistema\b", r"\binstruções do sistema\b", r"\binstruções (?:iniciais|originais)\b",
    # Chinese / Japanese
    r"系统提示", r"系统消息", r"系统指令", r"初始(?:提示|指令|设定)", r"(?:上面|以上|之前)的(?:所有)?(?:内容|文字|指令)", r"システムプロンプト",
    # Russian
    r"системн(?:ый|ое|ые|ого|ую|ом) (?:промпт|сообщени|инструкци|подсказ)", r"(?:начальн|исходн)(?:ые|ую|ый) (?:инструкци|промпт)",
    # German
    r"\bsystem-?(?:prompt|nachricht|anweisung)", r"\b(?:anfangs|ersten |urspr(?:u|ue)nglichen )anweisungen", r"\bursprünglichen anweisungen",
    # French
    r"\b(?:prompt|message|instructions?) (?:systeme|initiale|initiales)\b", r"\b(?:prompt|message|instructions?) système\b",
    # other languages of the spikee seeds (zu, sq, ga, gd): "system" / "first message" / "your ID"
    r"\b(?:we|ye)sistimu\b", r"\bumyalezo wokuqala\b", r"\bi-id yakho\b",
    r"\bsistemit\b", r"\bkërkesën fillestare\b", r"\bid-në tënde\b",
    r"\bch?óra(?:is|s)\b", r"\bmoladh tosaigh\b", r"\buimhir aitheantais\b",
    r"\bsiostam\b", r"\bcheist tùsail\b", r"\bid sònraichte\b",
)

# --------------------------------------------------------------------------------------------
# capability: coding and maths (used only where no extraction cue decided)
# --------------------------------------------------------------------------------------------
CODE: tuple[str, ...] = (
    r"```", r"\bdef \w+\(", r"\bfunction\s*\w*\s*\(", r"#include\b", r"\bimport [\w.]+", r"\bfrom [\w.]+ import\b",
    r"\bclass \w+\s*[:({]", r"\bselect (?:\*|distinct|count\(|[\w.]+, [\w.]+)|\bfrom \w+ where\b|\b(?:group|order) by\b|\b(?:inner|left|right|outer) join\b", r"\btraceback \(most recent", r"console\.log",
    r"\bpublic (?:static )?(?:void|class|int|string)\b", r"\b(?:const|let|var) \w+ ?=", r"=>", r"\w+\(\) ?\{",
    r"\b(?:python|javascript|typescript|java|c\+\+|c#|golang|rust|kotlin|swift|php|ruby|scala|haskell|bash|powershell|"
    r"sql|html|css|react|vue|angular|django|flask|node\.?js|pandas|numpy|pytorch|tensorflow|regex|json|yaml|docker|"
    r"kubernetes|git|api|sdk|cli|compiler|debug|debugging|stack ?trace|exception|syntax error|segfault|refactor|"
    r"unit tests?|algorithm|source code|code snippet|programming|script|function|variable|array|endpoint|database|query)\b",
)
MATH: tuple[str, ...] = (
    r"\d ?[-+*/^] ?\(?-?\d", r"\d ?[×÷] ?\(?-?\d", r"\b[a-z] ?\^ ?\d", r"\d ?[a-z] ?[-+=]", r"\\(?:frac|int|sum|sqrt|lim|cdot|pi)\b",
    r"[∫∑√π≤≥≠∞∂]", r"\b(?:solve|equation|equations|integral|integrate|derivative|differentiate|theorem|lemma|"
    r"prove that|proof|algebra|calculus|geometry|trigonometry|polynomial|matrix|matrices|eigen\w*|probability|"
    r"arithmetic|factori[sz]e|simplify|logarithm|quadratic|inequality|combinatorics|modulo|prime numbers?|"
    r"how many ways|expected value|variance|mean of|percentage of|calculate|compute the)\b",
    r"\b(?:gleichung|ableitung|beweise|ecuacion|derivada|demuestra|demontrer|equation)",
    r"解方程", r"证明", r"积分", r"导数", r"概率", r"уравнени", r"интеграл", r"производн", r"вероятност", r"докаж",
    r"équation", r"intégrale", r"dérivée", r"démontrer", r"ecuación",
)

# --------------------------------------------------------------------------------------------
# topics and languages: single words (after lower-casing; word = run of letters/digits)
# --------------------------------------------------------------------------------------------
TOPIC_WORDS: dict[str, str] = {
    "programming": "python javascript typescript java code coding function functions bug bugs api apis sql database "
    "script scripts compile compiler error errors class variable react html css git github docker linux golang rust "
    "json regex algorithm algorithms django flask nodejs npm kubernetes backend frontend debug repository programming "
    "developer developers software program implement implementation library framework server query endpoint "
    "kotlin swift php ruby scala bash shell array arrays loop string integer",
    "math": "equation equations integral derivative theorem prove proof algebra calculus geometry matrix matrices "
    "probability polynomial solve math maths mathematics mathematical fraction fractions triangle vector vectors "
    "prime integers formula calculate arithmetic logarithm quadratic",
    "science": "physics chemistry biology molecule molecules atom atoms quantum cell cells dna gene genes evolution "
    "experiment scientific science chemical electron electrons planet planets universe species protein proteins "
    "gravity energy particle particles reaction astronomy ecosystem photosynthesis",
    "health": "health healthy doctor disease diseases symptom symptoms medical medicine patient patients diet exercise "
    "sleep pain cancer diabetes therapy mental anxiety depression vaccine hospital nutrition fitness workout "
    "treatment clinical surgery blood weight illness",
    "law": "law laws legal lawyer court contract contracts attorney lawsuit statute regulation regulations gdpr "
    "copyright patent liability tenant landlord judge criminal plaintiff defendant jurisdiction compliance",
    "finance": "finance financial stock stocks invest investing investment investments crypto bitcoin bank banking "
    "loan loans mortgage tax taxes budget money interest portfolio trading trader accounting revenue profit "
    "insurance dividend inflation economy economic economics fund funds",
    "business": "business businesses marketing startup company companies customer customers sales product products "
    "brand branding strategy management seo ecommerce employee employees client clients pitch saas market "
    "entrepreneur startups ceo stakeholders b2b kpi",
    "career": "resume cv job jobs interview career salary hiring recruiter internship linkedin",
    "writing": "essay essays story stories poem poems poetry article articles blog letter rewrite paraphrase "
    "summarize summary novel chapter plot email emails lyrics copywriting headline fiction narrative screenplay "
    "proofread sonnet haiku",
    "history": "history historical war wars century ancient empire revolution medieval dynasty civilization "
    "roman greek wwii colonial",
    "geography": "country countries city cities capital continent river mountain population map region geography "
    "ocean climate",
    "travel": "travel trip hotel hotels flight flights itinerary vacation tourist tourism visit destination "
    "airport passport tour",
    "food": "recipe recipes cook cooking food foods ingredients bake baking dish meal meals restaurant chicken "
    "vegan kitchen cuisine dessert",
    "sports": "football soccer basketball tennis baseball nba nfl team player players match olympics golf cricket "
    "coach league athlete",
    "entertainment": "movie movies film films music song songs game games tv series netflix anime celebrity actor "
    "album band dnd character characters episode comedy",
    "art-design": "art artist painting drawing design designer logo midjourney illustration photography colors "
    "aesthetic",
    "education": "student students teacher teachers school schools university course courses lesson lessons "
    "curriculum exam exams homework learning teach teaching classroom grade quiz",
    "technology": "computer computers smartphone iphone android app apps internet wifi laptop device devices "
    "windows excel google cloud hardware blockchain website browser chatgpt gpt robot robots",
    "relationships": "girlfriend boyfriend wife husband friend friends relationship relationships dating marriage "
    "family love breakup parents partner",
    "politics": "politics political government election elections president democracy congress parliament vote "
    "voting policy senate minister",
    "religion": "god religion religious bible jesus church islam quran buddhism spiritual prayer faith christian "
    "muslim hindu",
    "language": "translate translation grammar english spanish french german chinese vocabulary sentence "
    "sentences language languages pronunciation synonym synonyms meaning",
    "ai-safety": "jailbreak alignment misalignment guardrails refusal refusals harmful rlhf constitution",
}

#: distinctive function words per Latin-script language (each word belongs to one language)
LANG_STOPWORDS: dict[str, str] = {
    "en": "the and is of to in you that it for what how this with are can please my me your be i an have "
    "continue more thanks thank why where when who which not any does write give",
    "es": "el los las y por es con del cómo qué pero está muy puedes también hola una sobre mi",
    "pt": "não você uma os do da é e em mais também olá pode isso",
    "de": "der die das und ist nicht ich ein eine mit auf für sie wie was bitte zu den dem mir bei funktioniert warum",
    "fr": "le les et est un une des du avec dans vous je pas ce qui sur pour au aux mon bonjour comment ça merci c'est est-ce",
}
