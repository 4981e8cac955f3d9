"""The safety net's rules, one group per warning sign of docs/safety.md.

Safety-critical: every rule here decides whether a resident is told to call 911, 988,
Rape Crisis or the abuse hotline first. Tests: tests/unit/test_safety.py (each sign),
tests/unit/test_safety_context.py (what is not an alarm) and the held-out evaluation
in tests/test_safety_eval.py (tests/safety_eval/).

Each rule is (sign, pattern). The sign names the section of docs/safety.md that says
why the rule is there; its first letter gives the concern (E emergency, C suicide or
self-harm, S sexual assault, A abuse or neglect). A sign ending in "?" is a weak
signal: alone, it only adds a safety line before the answer (the "possible" tier).

Pattern language, matched on the message lower-cased without accents, on spaCy's
norms (contractions spelled out: "isn't" -> "is not", "gonna" -> "going to"):
  a|b|c          one token, any of the alternatives
  pref*          a token starting with "pref"
  _              any one token
  ...            up to four tokens of anything
  x?             the token x is optional
  (a b|c|d e f)  any one of several phrases (several tokens each)
"""

from __future__ import annotations

from typing import List, Tuple

# Shared vocabularies, spelled out once.
BE = "is|are|s|'s|'re|re|am|m|'m|was|were|be|been"
# "is hitting" may be happening now; "has been hitting" is a pattern (abuse, A2)
BE_NOW = "is|are|s|'s|'re|re|am|m|'m"
PERSON = (
    "someone|somebody|some1|somebdy|sum1|person|man|guy|woman|lady|dude|stranger|"
    "he|she|they|people|men|guys|teen|teenager|boy|girl"
)
KIN = (
    "mom|mother|mum|mama|dad|father|papa|husband|wife|spouse|partner|boyfriend|"
    "girlfriend|bf|gf|son|daughter|child|kid|kids|baby|toddler|infant|brother|sister|"
    "grandma|grandmother|grandpa|grandfather|granny|nana|aunt|uncle|cousin|friend|"
    "roommate|neighbor|neighbour|niece|nephew|fiance|ex|stepdad|stepmom|stepfather|"
    "stepmother|stepson|stepdaughter|teen|teenager|grandson|granddaughter|grandkids"
)
CARER = "caregiver|caretaker|aide|nurse|babysitter|sitter|nanny|teacher|coach|staff|worker|home"
CHILD = (
    "child|kid|kids|children|baby|babies|toddler|toddlers|infant|boy|girl|son|daughter|"
    "little|5yo|newborn|grandson|granddaughter"
)
WEAPON = (
    "gun|guns|knife|knives|pistol|rifle|weapon|weapons|machete|shotgun|handgun|"
    "firearm|blade|bat|glock|ar15|revolver|sword|axe|hatchet|crowbar|tire"
)
PILLS = (
    "pills|pill|meds|medication|medications|medicine|tylenol|xanax|oxy|oxycodone|"
    "percs|sleeping|bottle|insulin|painkillers|opioids|fentanyl|heroin"
)
SELF = "myself|himself|herself|themselves|themself|ourselves|myslef|mysef"
NOW = "now|rn|tonight|currently|still"

Rule = Tuple[str, str]

EMERGENCY: List[Rule] = [
    # E1 a crime in progress: someone getting in, inside, taking, hurting, following.
    ("E1", "breaking|braking|breakin|brakin|breakn|busting|bustin in|into|inside"),
    ("E1?", "broke|broken|busted in|into"),
    ("E1", "kicking|kicked|kick|kicks|busting|busted|bashing|ramming|banging|pounding ... door|window|gate"),
    ("E1", "door|window|windows ... kicked|busted|smashed|bashed (in|open|down)"),
    ("E1", "trying|tryna|tryin|attempting to (break|get|kick|pry|force) in|into|open|the|my|our"),
    ("E1", "trying|tryna|tryin to open|pry my|the|our door|window|windows|car|lock"),
    (
        "E1",
        f"{PERSON}|intruder|intruders|burglar|burglars|robber|robbers|prowler|prowlers|"
        f"somebodys|someones|strangers {BE}? (in|inside|into|hiding in|in the|up in) my|the|our "
        "house|home|apartment|apt|room|basement|garage|yard|backyard|car|attic|closet|"
        "bedroom|kitchen|shed|porch",
    ),
    ("E1", "still (inside|in the house|in there|upstairs|downstairs|in my house|here)"),
    ("E1", "intruder|intruders|prowler|prowlers|burglar|burglars"),
    (
        "E1",
        f"{BE_NOW} robbing|stealing|taking|looting|attacking|assaulting|stabbing|shooting|"
        "raping|kidnapping|following|stalking|chasing|threatening|carjacking|mugging|"
        "vandalizing|smashing|siphoning",
    ),
    (
        "E1",
        f"{BE_NOW} hitting|beating|choking|strangling|punching|kicking|hurting|attacking|"
        f"grabbing|dragging|slapping|shoving|stabbing me|her|him|us|them|my|a|the|his|{KIN}",
    ),
    (
        "E1",
        "being|getting|bein|gettin robbed|attacked|assaulted|followed|folowed|follwed|"
        "stalked|chased|shot|stabbed|beaten|beat|jumped|mugged|kidnapped|abducted|"
        "threatened|carjacked|held|choked|strangled|dragged",
    ),
    (
        "E1",
        "going|gonna|trying|tryna|about|threatening|threatened|says|said|wants|swears "
        "to? kill|hurt|shoot|stab|murder|beat me|us|her|him|my|them|everyone|everybody|you",
    ),
    ("E1", f"{PERSON}|ex ... following|chasing|grabbed|grabbing me|us"),
    ("E1", "following|folowing|chasing|stalking me|us"),
    (
        "E1",
        "i|we (see|saw|am watching|m watching|'m watching|can see) ... stealing|breaking|"
        "taking|robbing|trying|smashing|climbing",
    ),
    ("E1", "armed robbery|robber|robbers|man|person|intruder|men"),
    ("E1", "hostage|hostages|kidnapping|abducting"),
    ("E1", "kidnapped|abducted"),
    (
        "E1",
        "trying to take|grab|lure|pull|drag|force a|the|my|this|that|some|his|her "
        f"{CHILD}|woman|lady|man|person",
    ),
    (
        "E1",
        f"(reaching for|reached for|grabbing|grabbed|grabbed at|grabbing at) a|the|my|her|his|"
        f"some|this {CHILD}|hand|arm",
    ),
    (
        "E1",
        f"stranger|man|guy|someone|somebody|woman ... following|watching|approaching|"
        f"talking|grabbing|luring|photographing ... {CHILD}|girl|boy",
    ),
    ("E1", "drunk|drunken|impaired driver|driving"),
    ("E1", "swerving|weaving (all over|across|into)"),
    ("E1", "road rage"),
    (
        "E1",
        "messing|fiddling|jiggling|playing|tampering with (my|the|our) ... (lock|locks|door|window|handle)",
    ),
    ("E1", "(behind me|following me|tailing me) ... (turns|miles|blocks|pulled in|pulled into|same exit)"),
    (
        "E1",
        "someone|somebody|someones (downstairs|upstairs|in the house|in my house|outside my door|at my window)",
    ),
    ("E1", "(heard|hear|hearing) (the|a|my)? ... door (open|opening|break|breaking|creak)"),
    ("E1", "prying|pried|forcing|jimmying|picking ... window|door|lock|gate"),
    ("E1?", "checking|checkin|trying|pulling|jiggling ... (car doors|car door|door handles|doors|handles)"),
    ("E1", "smashing|smashed|smash|breaking|bashing ... windows|window|cars|car|doors"),
    (
        "E1",
        "hear|heard|hearing someone|somebody|footsteps|noises|voices|them|people ... "
        "(upstairs|downstairs|attic|basement|inside|walking|moving|in my|in the|up there|down there)",
    ),
    ("E1", "screaming|yelling|crying|calling|shouting|begging for help"),
    ("E1", "screaming|yelling|shrieking ... (the woods|outside|next door|alley|street|parking lot)"),
    (
        "E1",
        "punched|hit|attacked|grabbed|knocked|shoved ... took|stole|grabbed|snatched ... "
        "purse|phone|wallet|bag|keys|car",
    ),
    ("E1", "beating|beatin|stomping|kicking (on|up) somebody|someone|a|this|some|him|her|the"),
    ("E1", "coming back to shoot|kill|hurt|get|finish"),
    (
        "E1",
        "says|said|threatening|threatened|swore ... shoot|kill|stab ... everyone|everybody|us|"
        "me|people|them|her|him",
    ),
    ("E1", "fight|fighting|brawl|riot ... (outside|in the street|parking lot|going on|breaking out)"),
    # E2 weapons, shots, violence now.
    (
        "E2",
        "with|has|have|had|got|holding|waving|pointing|pointed|pulled|pulling|carrying|"
        f"brandishing|swinging a|an|his|her|their|out|the? {WEAPON}",
    ),
    ("E2", f"{WEAPON} (outside|inside|here|at me|to my|on me|at us|in his hand)"),
    ("E2", "shots|gunshots|gunfire|shooting fired|outside|now|going|next|everywhere|down"),
    ("E2", "hear|hearing|heard shots|gunshots|gunfire|shooting|gunshot"),
    ("E2", "active shooter|shooters"),
    (
        "E2",
        f"{PERSON}|i|friend|brother|sister|son|daughter|husband|wife|dad|mom|{KIN} ... "
        "been|got|just|was|is shot|stabbed",
    ),
    ("E2", f"shot|stabbed|sliced me|him|her|my|us|them|{KIN}"),
    ("E2", f"fight|fighting|brawl|fist ... knife|gun|bat|blood|bleeding|weapon|weapons|{WEAPON}"),
    # E3 medical emergencies.
    (
        "E3",
        "not|stopped|isnt|nt|aint|is'nt breathing|breathin|breating|breath|breathe|responsive|"
        "responding|conscious|waking|moving|answering",
    ),
    ("E3", "can|ca|cannot not? breathe|breath|breth|move"),
    ("E3", "will|wo|can|ca|could not? wake"),
    (
        "E3",
        "unconscious|unresponsive|overdosing|overdosed|overdose|od|oding|choking|"
        "drowning|seizure|seizing|convulsing|collapsed|fainted|anaphylaxis|anaphylactic",
    ),
    (
        "E3",
        "(passed out|blacked out|heart attack|worst headache|seeing double|in labor|"
        "foaming at the mouth|fell through the ice|pool of blood|lot of blood)",
    ),
    ("E3", "having a? stroke"),
    ("E3", "chest pain|pains|hurts|pressure"),
    ("E3", "turning|turned|going|is blue|purple|gray|grey"),
    ("E3", "lips|face|skin (blue|purple|turning blue)"),
    ("E3", "face|throat|tongue|lips|mouth|eyes ... swelling|swollen|closing|swelled"),
    ("E3", "allergic reaction|attack"),
    ("E3", "bleeding|bleedin|blood badly|heavily|out|everywhere|alot|bad|wo|will|from|all|everywhere|a"),
    (
        "E3",
        "hit|struck|ran|run|knocked|mowed (by|over|down) a|an|the|my|some|this|that|his|her? "
        f"{CHILD}|person|man|woman|pedestrian|biker|cyclist|bicyclist|jogger|runner|lady|guy|"
        "someone|kid|student|old",
    ),
    (
        "E3",
        "hit|struck|ran|run|knocked a|an|the|my|some|this|that|his|her? "
        f"{CHILD}|person|man|woman|pedestrian|biker|cyclist|bicyclist|jogger|runner|lady|guy|"
        "someone|kid|student",
    ),
    (
        "E3",
        f"{CHILD}|person|man|woman|pedestrian|biker|cyclist|someone|somebody|lady|guy "
        "got|was|been|just hit|struck|run|ran",
    ),
    ("E3", "hit by a|the? car|truck|bus|van|vehicle|train|suv"),
    (
        "E3",
        "took|swallowed|taken|ate|drank|downed ... "
        f"{PILLS}|bleach|poison|antifreeze|detergent|pods|drain|battery|batteries|magnets",
    ),
    ("E3", "fell ... hit|hitting his|her|my|their head"),
    ("E3", "fell (and|&|n) (can not|cannot|ca not|can't|will not|wo not|cant|wont) get|move|stand|breathe"),
    ("E3", "electrocuted|electrocution|slurring|drooping|numb|numbness|paralyzed"),
    ("E3", "broken|broke his|her|my neck|back|leg|bone"),
    ("E3", "contractions"),
    ("E3", "throwing|throw|vomiting|coughing|puking up? blood"),
    ("E3", "gushing|pouring|spurting|squirting|spraying blood|out"),
    ("E3", "blood is? gushing|pouring|spurting|everywhere"),
    ("E3", "grabbed|clutching|holding|grabbing his|her|my chest"),
    ("E3", "(went down|fell down|fell over|dropped) ... not|and|isnt|wont"),
    ("E3", "can|ca|cannot not? see|feel|talk|speak|move ... right|straight|arm|leg|face|side|anything|words"),
    ("E3", "arm|leg|face|side|hand ... will|wo|can|ca|does|do not work|move|feel"),
    (
        "E3",
        "fell|fallen|falling from|off|out|down of? a|the|his|her|our|my? "
        "window|roof|tree|balcony|ladder|stairs|bridge",
    ),
    ("E3", "burned|burnt|scalded ... boiling|hot|oil|water|grease|fire|face|arm"),
    ("E3", "(does not|do not|can not|cannot|ca not) (know how to swim|swim)"),
    ("E3", "baby is|s coming"),
    ("E3", "sugar|glucose is|s? low|crashing|dropping"),
    ("E3", "found him|her|them|my ... hanging|unconscious|unresponsive|blue|not"),
    ("E3", "mauling|mauled"),
    ("E3", "(no pulse|doing cpr|doing compressions|chest compressions|need a defibrillator|need an aed)"),
    ("E3", "droopy|drooping|lopsided"),
    ("E3", "words|speech|talking ... (coming out wrong|slurred|garbled|not making sense|all wrong)"),
    ("E3", f"got into ... {PILLS}|pill|organizer|bleach|cleaner|chemicals|detergent|antifreeze"),
    ("E3", "(shaking all over|jerking all over|twitching all over|convulsing)"),
    ("E3", "(on the floor|on the ground) ... shaking|jerking|twitching|not moving|blue"),
    ("E3", "(not|nt) stop|stops bleeding"),
    ("E3", "(struggling|trouble|difficulty|hard time|having trouble) (breathing|to breathe|breathin)"),
    ("E3?", "wheezing|gasping"),
    ("E3?", "(confused|disoriented|incoherent|not making sense)"),
    ("E3?", "sweating|sweaty|clammy"),
    ("E3?", "dizzy|lightheaded|woozy"),
    ("E3", "(slumped|passed out|unconscious|not moving) ... car|wheel|seat|truck"),
    ("E3", "dog|dogs|pit|pitbull ... attacking|attacked|biting|bit ... kid|child|someone|me|my|him|her|a"),
    # E4 fire, smoke and hazards.
    ("E4", "on fire"),
    (
        "E4",
        "house|apartment|car|building|kitchen|grease|garage|brush|grass|leaf|leaves|yard|"
        "woods|trash|dumpster|shed|barn|forest|field|electrical|attic fire",
    ),
    (
        "E4",
        "fire in|at|on|near my|the|our|a house|home|apartment|kitchen|building|garage|"
        "room|basement|car|yard|neighbors|woods|field|attic",
    ),
    ("E4", "fire|flames|blaze (is|s|are|re)? spreading|spread|growing|jumping|reaching|catching"),
    ("E4", "flames|smoke coming|pouring|billowing|rising|everywhere|filling|out|from"),
    ("E4", "(full of|filled with|filling with|filling up with) smoke"),
    ("E4", "is|s|are|re burning"),
    ("E4", "burning down"),
    ("E4", "caught|catching fire"),
    ("E4", "explosion|exploded|explode"),
    ("E4", "power|electric|electrical line|lines|wire|wires (down|fell|sparking|on)"),
    ("E4", "(carbon monoxide|co alarm|co detector)"),
    ("E4", "gas ... hissing|leaking|leak|everywhere|strong"),
    ("E4?", "smell|smells|smelling gas|smoke|burning"),
    ("E4?", "gas meter|line|pipe|main"),
    ("E4?", "hissing"),
    ("E4", "smells|smell like burning|smoke"),
    ("E4", "crackling|sparks|sparking"),
    ("E4", "lightning hit|struck"),
    ("E4", "rotten eggs"),
    # E5 crashes and vehicles in danger.
    (
        "E5",
        "crash|wreck|accident|collision ... hurt|injured|bleeding|trapped|unconscious|dying|"
        "pinned|stuck|fire|smoking|flipped",
    ),
    ("E5", "car|truck|vehicle|van|suv|bus crash|wreck|accident|collision|crashed|wrecked"),
    (
        "E5",
        "car|truck|vehicle|van|suv|bus|cars|trucks|one ... crashed|wrecked|flipped|rolled|overturned|upside",
    ),
    ("E5", "flipped|rolled|overturned over? car|truck|vehicle|van|suv"),
    ("E5", "upside down"),
    ("E5?", "(hit and run|hit-and-run)"),
    ("E5", "on its roof|side"),
    ("E5", "car|truck|vehicle|van|suv ... into|in the|a creek|river|lake|pond|water|ditch|canal|stream"),
    (
        "E5",
        "went|drove|driving|rolled (off|into|over) the? road|bridge|embankment|cliff|creek|"
        "river|lake|pond|water",
    ),
    # E6 a person trapped, missing or in danger.
    (
        "E6",
        f"{PERSON}|people|i|im|we|{KIN} ... {BE}|got|gets|getting|badly|seriously|really|bad "
        "hurt|injured|trapped|dying|pinned|bleeding",
    ),
    (
        "E6",
        f"{CHILD}|dog|puppy|pet|grandma|grandpa ... locked|left|stuck|trapped in|inside a|the|"
        "my|his|her|hot car|vehicle|truck|van",
    ),
    ("E6", "hot car"),
    ("E6", "(no shoes|no coat|no jacket|in shorts|barefoot) ... (degrees|freezing|snow|ice|cold out)"),
    (
        "E6",
        f"{CHILD}|baby ... (alone|by himself|by herself|by themselves) ... (since yesterday|since last night|since friday|since this morning|for days|all night|overnight)",
    ),
    (
        "E6",
        f"{CHILD}|son|daughter|grandma|grandpa|mom|dad|grandfather|grandmother "
        "(is|s|'s|went|has gone|gone|is gone) missing",
    ),
    (
        "E6",
        f"can|ca|cannot not? find my|our|the {CHILD}|son|daughter|grandma|grandpa|mom|dad|"
        "grandfather|grandmother|husband|wife",
    ),
    ("E6", "wandered off|away"),
    (
        "E6",
        "dementia|alzheimers|alzheimer ... (walked out|wandered|left the house|is missing|went missing|can not find|cant find)",
    ),
    ("E6", "(can not|cannot|ca not) find (her|him|them) ... (cold|degrees|dark|dementia|hours)"),
    (
        "E6",
        f"{CHILD}|boy|girl ... (by himself|by herself|alone) ... (pkwy|parkway|road|rd|street|highway|hwy|interstate|traffic|middle of)",
    ),
    ("E6", "in danger"),
    ("E6", "trapped in|under|inside"),
    ("E6", "stuck under|inside"),
    ("E6", "pinned|stuck|trapped under|beneath|between"),
    ("E6", "drowning"),
    ("E6", "lying|laying|collapsed|passed (on|in) ... road|street|sidewalk|ground|floor|parking|yard"),
    ("E6", "on the floor|ground (since|for hours|all night|all day)"),
    ("E6", "went under|underwater ... (not come|nt come|not came|nt came|never came|not surfaced)"),
    (
        "E6",
        "lying|laying|floating|face ... face|down (in|on) the|a? creek|river|water|pool|lake|pond|road|street|ground|floor",
    ),
    (
        "E3",
        "(rolled off|fell off|fell down|fell from|fell out|hit his head|hit her head) ... (throwing up|vomiting|sleepy|drowsy|unconscious|not|confused|bleeding|seizure)",
    ),
    (
        "E3",
        "swallowed|swallow|ate|eaten (a|an|one|some|the)? ... (battery|batteries|magnet|magnets|coin|pod|pods|button battery)",
    ),
    ("E6", "fell in the|a? pool|water|river|lake|creek"),
    ("E6", "water|floodwater|flood (is|s)? rising|coming"),
    ("E6", "wandering|walking alone|by ... road|street|highway|interstate|traffic"),
    ("E6", f"{CHILD} ... alone on|in|near the? road|street|highway|interstate|shoulder|traffic"),
    ("E6", "standing|sitting|climbing|climbed|over ... ledge|edge|railing|rail"),
    # E7 a cry for help now.
    ("E7", "help|helpp|hepl|halp me|us now|asap|quick|quickly|hurry"),
    (
        "E7",
        "send an? help|police|someone|somebody|officer|officers|cops|ambulance|cop|"
        "firetruck|fire now|asap|quick|quickly|immediately|fast|please|pls|plz|here",
    ),
    ("E7", "need|needs an ambulance|paramedics|ems"),
    ("E7", "call the police|cops|911 for me"),
    ("E7", "someone|somebody call 911|police"),
    ("E7", "emergency help|now|please|pls"),
    ("E7", "i|we|im need|needs help now|asap|fast|quick"),
    ("E7", "i|we|im need|needs help right now"),
    (
        "E7",
        "scared|afraid|terrified|hiding ... someone|somebody|he|she|they ... outside|inside|"
        "coming|door|window|here",
    ),
    ("E7", "hiding (in|under) the|my|a"),
    # E8 Spanish: the same signs.
    (
        "E8",
        "esta|estan|estamos entrando|robando|golpeando|siguiendo|disparando|atacando|"
        "quemando|ahogando|muriendo|desangrando|sangrando|pegando|apuntando|asaltando",
    ),
    (
        "E8",
        "me|nos|la|lo|le esta|estan siguiendo|golpeando|robando|pegando|atacando|"
        "persiguiendo|amenazando|apuntando|ahorcando|asfixiando",
    ),
    ("E8", "no respira|responde|despierta|reacciona"),
    ("E8", "no se mueve"),
    ("E8", "dejo de respirar"),
    ("E8", "no puede respirar|moverse|despertar"),
    (
        "E8",
        "tiene|trae|tienen|traen|con|saco un|una|el|la arma|pistola|cuchillo|navaja|rifle|escopeta|machete",
    ),
    ("E8?", "disparos|balazos|balacera|tiroteo|incendio|fuego|humo|explosion|llamas|flamas"),
    (
        "E8",
        "(hay|tenemos|se ve|veo|sale) (un|una|mucho|mucha)? (incendio|fuego|humo|llamas|balacera|tiroteo|explosion)",
    ),
    ("E8", "incendio|fuego|llamas|humo en (mi|la|el|nuestra|nuestro|una|un)"),
    ("E8", "disparos|balazos|balacera|tiroteo (afuera|cerca|aqui|ahorita|ahora|en la calle)"),
    ("E8", "se esta quemando"),
    (
        "E8",
        "se desmayo|desmayado|desmayada|inconsciente|convulsion|convulsionando|infarto|"
        "sobredosis|ahogandose|derrame",
    ),
    ("E8", "le|me|nos dispararon|apunalaron|acuchillaron|atropellaron"),
    ("E8", "atropello|atropellaron|atropellado|atropellada"),
    ("E8", "choque|accidente ... herido|heridos|herida|atrapado|atrapada|sangre|sangrando"),
    ("E8", "me|nos|la|lo|te (quiere matar|va a matar|van a matar|quieren matar)"),
    (
        "E8",
        "alguien|hombre|senor|tipo|ladron|ladrones ... en|dentro mi|la|nuestra casa|"
        "cuarto|patio|carro|garaje",
    ),
    ("E8", "entraron|entro|metio|metieron|metiendo (a|en) mi|la|nuestra casa"),
    ("E8", "ayuda|ayudame|ayudenme|ayudeme rapido|ya|ahora|urgente"),
    ("E8", "ayuda por favor"),
    ("E8", "ayudenme|ayudeme|auxilio|socorro"),
    ("E8", "no (encuentro|encontramos|aparece) a? mi|nuestro|nuestra hijo|hija|nino|nina|bebe|abuelo|abuela"),
    ("E8", "secuestr*"),
    ("E8", "encerrado|encerrada|atrapado|atrapada en el|un carro|auto|coche"),
    ("E8", "mande|manden|envien|envie a? la? policia|ambulancia|ayuda|alguien"),
    ("E8", "sangra|sangrando|sangre mucho|mucha"),
    ("E8", "le|me sangra|sangran"),
    ("E8", "asaltando|asaltaron|asalto|asaltan"),
    ("E8", "se quemo|quemado|quemada|quemados|quemadas|quemaduras"),
    (
        "E8",
        "cayo|callo (de|del|al|en|por) ... rio|ventana|techo|agua|lago|piscina|alberca|escalera|arbol|balcon",
    ),
    ("E8", "no sabe nadar"),
    ("E8", "gritando|grita|gritan ... ayuda|auxilio"),
    ("E8", "huele|olor a gas|humo|quemado"),
    ("E8", "huele|olor ... a gas"),
    (
        "E8",
        "solo|sola|solito|solita|solos ... (desde ayer|desde anoche|desde hace|toda la noche|todo el dia)",
    ),
    ("E8?", "(se tomo|se trago|tomo|trago|se comio) algo"),
    ("E8?", "liquido|cloro|veneno|parabrisas|limpiador|anticongelante"),
    ("E8", "metiendo|metio|metiendose|entrando por la|una ventana|puerta"),
    ("E8", "se tomo|tomo|se trago|trago ... liquido|cloro|veneno|limpiador|anticongelante|quimico"),
    ("E8", "dispararle|dispararon|balearon|baleado|baleada|balacearon"),
    ("E8", "con|trae|tiene|traen|tienen (pistola|arma|cuchillo|navaja|rifle)"),
    ("E8", "escondido|escondida|escondidos|escondidas"),
    ("E8", "quebrando|rompiendo ... vidrios|ventanas|carros|puerta"),
    ("E8", "(a la fuerza|se lo llevaron|se la llevaron|lo subieron|la subieron)"),
    ("E8", "pateando|golpeando|tumbando la|mi puerta"),
    ("E8", "encerrado|encerrada|encerre ... bano|cuarto|closet|recamara"),
    ("E8", "que la|lo|me suelte|suelten"),
    ("E8", "pelea|pleito|peleando ... cuchillo|pistola|arma|sangre|bate|machete"),
    ("E8", "quiere|quieren|tratando|intentando|tratan de? (entrar|abrir|meterse|forzar)"),
    ("E8", "monoxido"),
    ("E8?", "confundida|confundido|desorientado|desorientada|sudando|mareado|mareada|mareo"),
    ("E8", "no me reconoce"),
    ("E8", "duele|dolor ... pecho"),
    ("E8", "se me|le duerme|adormece|entumio ... brazo|cara|pierna"),
    ("E8", "me|nos persigue|persiguen|sigue|siguen"),
    ("E8", "armado|armada|armados"),
    ("E8", "(dolor en el pecho|dolor de pecho|dolor en el corazon)"),
    ("E8", "no puede hablar|mover|caminar"),
    ("E8", "tomo|trago ... pastillas|cloro|veneno|pila|pilas"),
    ("E8", "atrapado|atrapada|atrapados"),
    ("E8", "pego|golpeo en la cabeza"),
]

CRISIS: List[Rule] = [
    # C1 a wish to be dead, thoughts of suicide (C-SSRS questions 1-2).
    (
        "C1",
        "kill|killing|hurt|hurting|harm|harming|cut|cutting|end|ending|off|offing|unalive|"
        "unaliving|shoot|shooting|hang|hanging|drown|drowning|poison|poisoning|burn|burning|"
        f"stab|stabbing|starve|starving {SELF}",
    ),
    ("C1", "suicide|suicidal|selfharm|suicidio|suicida"),
    ("C1", "self (harm|harming|injury|injure|-harm)"),
    ("C1", "end|ending|take|taking my|his|her|their|own life"),
    ("C1", "end|ending it all"),
    ("C1", "end it tonight|today|now|soon"),
    ("C1", "i|im|m|am ... want|wanna|going|gonna|wish|ready|about to? die"),
    ("C1", "not want|wanna|wanting to? (live|exist|be alive|wake up|go on|be here)"),
    ("C1", "wish|wished i (was|were|could be|had) dead|gone|never|not|disappear|die|been"),
    ("C1", "(go to sleep|fall asleep) and not|never wake"),
    ("C1", "sleep|rest forever"),
    (
        "C1",
        "better off (dead|without me|without him|without her|if i was gone|gone|if i died|if i were gone)",
    ),
    (
        "C1",
        "better off if i (was|were|wasnt|werent|was not|were not|did not|didnt) ... (around|here|alive|gone|exist|born)",
    ),
    ("C1", "no reason|point (to|in|of) (living|live|going on|being alive|anymore|life)"),
    ("C1", "(nothing|no one|nobody|noone) (to live for|left to live for)"),
    ("C1", "tired|sick|done (of|with) (living|life|being alive)"),
    ("C1?", "tired|sick|done|exhausted (of|with) (everything|it all|fighting|trying)"),
    ("C1?", "can|ca|cannot not? (go on|take it|take this|do this|keep going) anymore"),
    ("C1?", "(can not|cannot|ca not) go on"),
    ("C1", "kms|unalive|unaliving"),
    ("C1?", "(do not|dont|do nt) see the|a point"),
    ("C1", "want|need|make the pain to? stop|end|go away"),
    ("C1?", "waste of space|oxygen|air"),
    ("C1?", "ending|end it"),
    ("C1", "(thinking about|thinking of|think about|going to|about to) (ending it|end it|ending everything)"),
    ("C1", "on purpose"),
    ("C1", "not worth (living|it anymore|being alive)"),
    ("C1", "want|wanna|wanted to (disappear|vanish|stop existing|not exist)"),
    (
        "C1?",
        "(what is|what s|whats|what 's) the point (anymore|of living|of anything|in trying|of trying|of it all)",
    ),
    ("C1?", "(i am|im|i m|i 'm) (done|so done|just done)"),
    ("C1?", "(nobody|no one|noone) (cares|would care|will care)"),
    ("C1", "give|giving|gave up on (life|living)"),
    ("C1?", "giving|give|gave up on everything"),
    ("C1?", "(empty inside|numb inside|hate myself|hate my life)"),
    ("C1", "(life is not|life isnt|life is nt) worth"),
    ("C1", "ending|end things"),
    ("C1?", "worthless|hopeless|pointless|trapped"),
    ("C1?", "no way out"),
    ("C1", "(nobody|no one|noone) would even? notice|care|miss ... if|when i"),
    ("C1", "(ready to go|leave this world|check out for good)"),
    # C2 a burden, a goodbye, not being around (988 / AFSP warning signs).
    ("C2", "burden to|on|for? everyone|everybody|my|them|you|people|others|family"),
    ("C2", "being a burden"),
    ("C2?", "(time i|time for me to) stopped|stop|go|left|leave|disappear|ended"),
    ("C2?", "(wo not|will not|won't) (need|be needing) ... anymore|where|after"),
    ("C2?", "where i (am|m|'m) going"),
    ("C2?", "not be (around|here) (much longer|anymore|for long|for my|by|next)"),
    ("C2?", "not (think|sure) i|i'll|ill|ll ... be around|here|alive"),
    ("C2?", "(wo not|will not) be (around|here|a problem)"),
    (
        "C2",
        "who (gets|will get|should get|can have|get|should have) my cat|dog|stuff|things|kids|car|pets|cats|dogs",
    ),
    # C3 a method or a plan (C-SSRS questions 3-5).
    (
        "C3",
        "least|most|less painful|painless|easiest|quickest|fastest|quietest way|ways|method|"
        "methods to|of die|dying|go|end|kill",
    ),
    ("C3", "how many|much ... to|would|will|could kill|die|od|overdose|end|stop"),
    ("C3", "lethal|fatal|deadly dose|amount"),
    ("C3", "have|got|made|make|has a plan (to|for)? end|die|kill|do"),
    ("C3", "how i|he|she would|could|will|might do it"),
    ("C3?", "has|have|got|made a plan"),
    ("C3?", "gun|guns|firearm|rifle|pistol|shotgun in the|his|her|my house|home|car|drawer|safe|closet|room"),
    ("C4", f"took|swallowed|taken|downed (a|the)? (whole bottle|bottle|bunch|handful|all) ... {PILLS}"),
    ("C3", "bridge|building|fall|jump|overpass ... not|nt|never|no (survive|die|one survives)"),
    ("C3", "tied|tie|tying|hung|hang the|a rope|noose"),
    ("C3", "noose"),
    ("C3", "(you|i) (do not|do nt|would not|will not|wo not|did not) survive"),
    ("C3", "how to (hang|kill|overdose|od|shoot|drown|cut|off) yourself|myself|himself|herself"),
    (
        "C3?",
        "(search history|searching|searched|googling|googled|looking up|looked up) ... suicide|die|hang|kill|overdose",
    ),
    ("C3", "knife|blade|razor to his|her|my wrist|wrists|throat"),
    ("C3", "wrap|drive|crash his|her|my|the car (into|around|off)"),
    ("C3", "jump off|from a|the bridge|roof|building|overpass"),
    ("C3", "going|gonna|about|ready|want|wanna|voy|vas|va to|a? jump|brincar|saltar|aventarme|tirarme"),
    ("C3", "(doing it|do it|going to do it|gonna do it|end it) (tonight|today|now|soon)"),
    ("C3?", "gun|pistol|pills|rope|knife|razor in my|his|her lap|hand|hands"),
    ("C3", "car running ... garage|door|doors"),
    ("C3", "garage ... (car running|engine running|motor running)"),
    ("C3", "rope|noose|pills|gun|note ... ready|written|loaded|tied|set"),
    ("C3", "last thing|message|text (i|ill|i'll|i will|anyone) ... send"),
    ("C3", "wrong side of the railing|rail|fence|barrier"),
    ("C5?", "(fresh|new) (marks|cuts|scars|scratches) ... (arms|thighs|wrists|legs|stomach)"),
    ("C5?", "long sleeves (in|during) (july|june|august|summer|the heat)"),
    (
        "C2",
        "(remarry|remarried|move on|take care of the kids|raise the kids) (when|after|if) (i|she|he) ... (not around|gone|dead)",
    ),
    ("C2?", "when (i am|im|she is|shes|he is|hes|i m|she s|he s) (not around|gone|not here)"),
    ("C4", "(this is my|my) last (msg|message|text|post|goodbye)"),
    ("C4?", "(own funeral|my funeral|her funeral|his funeral|my obituary)"),
    ("C3", "cut|cutting|slit|sliced (his|her|my|their)? wrist|wrists|arms"),
    ("C1", "check out early"),
    ("C3", "how much|many ... (is too much|too many|would be fatal|is lethal|would kill)"),
    ("C6?", "(wont|wo not|will not|not) (open the door|come out|talk to me|open up)"),
    ("C3?", "with his|her|a gun|rifle|pistol|knife|rope|pills"),
    ("C4?", "(pic|picture|photo|video) of ... pills|gun|rope|blade|wrists"),
    ("C6?", "(has not|hasnt|not|have not|havent) (opened|read|seen|answered|replied)"),
    (
        "C6?",
        "(wont|wo nt|will not|does not|doesnt|does nt|is not|isnt|is nt|not|nt) (answer|respond|pick up|reply|text back|call back)",
    ),
    ("C6?", "(just wanted|wanted) (someone|somebody|you|someone else) to know"),
    ("C3?", "(on top of|top of|roof of|edge of) ... garage|building|roof|bridge|overpass"),
    ("C4?", "(suddenly calm|suddenly happy|really calm|at peace now|so calm)"),
    ("C4?", "(paid back|paying back|giving back|returned) (everyone|everything|all)"),
    ("C3?", "standing|sitting|on|at ... overpass|bridge|ledge|roof|railing"),
    ("C3?", "razor|blade|blades"),
    ("C6", "locked himself|herself|themselves in ... razor|knife|gun|pills|rope|blade"),
    ("C3?", "(going to do it|gonna do it|about to do it)"),
    ("C4?", "took|swallowed|taken|swallow ... pills|meds|medication|medicine"),
    ("C1?", "(go be with|be with|join) (dad|mom|him|her|my husband|my wife|grandma|grandpa|jesus|god)"),
    ("C3", "jump|step|walk|throw myself in front of a|the train|truck|car|bus|traffic"),
    ("C3", "drive|drove|driving off a|the bridge|cliff"),
    ("C3?", "took|grabbed|taken|got|bought|getting ... gun|rifle|shotgun|pistol|rope"),
    ("C3?", "where ... gun|shotgun|rifle|pistol|rope|pills"),
    ("C3", "todo planeado"),
    ("C3", "va|voy|vas a aventar|aventarse|tirar|tirarse|lanzar|lanzarse"),
    # C4 preparing: pills saved, things given away, goodbyes (C-SSRS question 6).
    (
        "C4",
        "stockpiling|stockpiled|saving|saved|hoarding|hoarded|collecting|collected|stashing|"
        f"stashed ... {PILLS}",
    ),
    ("C4?", f"{PILLS} ... (just in case|in case)"),
    ("C4?", "giving|gave|give away ... stuff|things|belongings|possessions|everything|my"),
    ("C4?", "giving|gave|give (my|all my|everything) ... away"),
    ("C4", "goodbye|good-bye|goodbyes|farewell note|post|letter|message|text|video|messages|texts|posts"),
    ("C4", "(said|saying|say) goodbye to everyone|everybody|all"),
    ("C4", "suicide note"),
    ("C4?", "wrote|writing|left a note|letter|will"),
    ("C4", "affairs in order"),
    # C5 self-harm.
    ("C5", "(cutting|burning) myself? again"),
    ("C5", "scratching|scratch|cutting|burning|hitting ... until|til|till|so ... bleed|bleeds|hurt|feel"),
    ("C5", "(started|back to) cutting|harming"),
    ("C5", "relapsed|relapse on|with? cutting|self"),
    # C6 someone else at risk.
    (
        "C6",
        "talking|talks|talked|says|said|saying|threatening|threatened|threatens|posting|"
        "posted|texted|wrote|wanting|keeps about|to? killing|kill|ending|end|hurting|hurt "
        f"{SELF}|it",
    ),
    ("C6", "(not wanting|not want|does not want|doesnt want) to be here|alive|live"),
    ("C6", "wants|want|wanna to die"),
    ("C6", "talking|talks|talk|obsessed|writing|posting ... about death|dying|suicide|killing"),
    ("C4?", "sorry for everything"),
    ("C4?", "(love you all|take care of mom|take care of the kids|take care of my|forgive me)"),
    (
        "C6?",
        "posted|texted|messaged|wrote|said|says|told|tweeted|snapchatted|saying ... "
        "(can not|cannot|ca not|sorry|goodbye|bye|anymore|miss me|forgive|the end|last)",
    ),
    (
        "C6?",
        "(not|nt|hasnt|has not|isnt|is not|wont|will not|wo not) (answering|responding|picking up|replying|texting back|answered)",
    ),
    # C7 Spanish.
    (
        "C7",
        "me|se? quiero|quiere|quisiera|queria|quisiere morir|morirme|matar|matarme|matarse|"
        "suicidar|suicidarme|suicidarse|desaparecer",
    ),
    ("C7", "quitarme|quitarse|acabar con la|mi|su vida"),
    ("C7", "no quiero|quiere vivir|seguir|despertar"),
    ("C7", "ya no (aguanto|puedo mas)"),
    ("C7", "soy|es una carga"),
    ("C7", "mejor (sin mi|muerto|muerta)"),
    ("C7", "acabar|terminar con todo"),
    ("C7", "hacerme|hacerse dano"),
    ("C7", "(me corto|cortarme|cortandome|me estoy cortando|me lastimo|lastimarme)"),
    ("C7", "(no vale la pena vivir|dormir y no despertar|para siempre)"),
    ("C7", "(me despedi|se despidio|despedirme|despedida|carta de despedida)"),
    ("C7", "guardando|juntando pastillas"),
    ("C7", "no quiero|quiere (estar aqui|existir|seguir aqui)"),
    ("C7", "cansado|cansada de (vivir|la vida|luchar)"),
    ("C7", "nadie me extranaria|extrañaria|notaria"),
    ("C7", "un estorbo"),
    ("C7?", "regalando|regale|regalo mis|sus cosas"),
    ("C7", "sentido a la|mi vida"),
    ("C7?", "pastillas ... por si acaso"),
    ("C7", "suicidarse|suicidarme|quitarse|quitarme"),
    ("C7", "tome|tomo|trague|trago todas|todos las|mis|sus ... pastillas|medicinas"),
    ("C7", "(esta noche lo hago|lo voy a hacer|voy a hacerlo)"),
    ("C7?", "carta|nota ... despedida|escribi|escrita"),
    ("C7?", "pistola|arma|pastillas|cuerda (aqui|conmigo)"),
    ("C7", "(se despide|despide de todos)"),
    ("C7", "(cortandose|se corta|se corto|cortandome|se esta cortando)"),
    ("C7", "se|me va|voy|vas a matar|suicidar|quitar"),
    ("C7?", "no contesta|responde|contesto ... cel|celular|telefono|mensajes"),
    ("C7?", "perdon por todo"),
    ("C7", "(ultima noche|ultimo dia|ultima vez) que"),
    ("C7?", "escribi|escribo|deje una carta|nota"),
    ("C7", "(dormirse|dormirme|dormir) y no (despertar|despertarse|despertarme)"),
    ("C7?", "busca|buscando|busco en internet formas|como"),
    ("C7?", "azotea|techo|puente ... (no pienso bajar|voy a|no quiero bajar)"),
    ("C7?", "no pienso bajar"),
    ("C7", "(se encerro|encerrado|encerrada) ... (cuerda|soga|pistola|pastillas|navaja)"),
    ("C7?", "(no me abre|no abre la puerta|no quiere salir)"),
    ("C7?", "dejo una carta|nota"),
    ("C7", "(que ya se la lleve|que se lo lleve|que dios me lleve|que dios se la lleve|que ya se lo lleve)"),
    ("C7?", "estorba|estorbo|dejo de comer"),
]

SEXUAL_ASSAULT: List[Rule] = [
    # S1 said with the words.
    ("S1", "raped|rape|raping|rapist|rapes"),
    ("S1", "sexually assaulted|abused|harassed|attacked|touched"),
    ("S1", "sexual assault|abuse|attack|violence"),
    ("S1", "molested|molesting|molestation|molest|groped|groping|fondled|fondling"),
    ("S1", "(date rape|roofied|roofie)"),
    # S2 described without the words (RAINN: any sexual contact without consent).
    (
        "S2",
        "touched|touching|grabbed|groped me|her|him|us|my ... without|inappropriately|"
        "private|privates|down|under|when|while",
    ),
    ("S2", "inappropriately touched|touching"),
    ("S2", "without my|her|his consent|permission"),
    ("S2", "(non consensual|nonconsensual|non-consensual)"),
    ("S2", "forced|force|forcing himself|herself on|upon"),
    ("S2", "forced|force|forcing me|her ... sex|sexual|things|down|once"),
    ("S2", "take|took no for an answer"),
    ("S2", "kept|keep|would|wo pushing|going ... (could not|couldnt|can not|ca not|couldn't) stop"),
    ("S2", "froze and he|she|they did"),
    ("S2", "woke|wake|waking up in his|her|their|a|some bed|truck|car|room|apartment|house"),
    ("S2", "something happened ... drink|drunk|drugged|remember"),
    ("S2", "touches|touched|touching me ... secret|private|privates|lap|down"),
    ("S2", "our secret"),
    ("S2", "made|make|making|pressured|pressuring me|her ... sex|sexual|touch|undress|naked"),
    ("S2", "not stop when|after|even|though ... said|told|asked|begged|cried|screamed no|stop"),
    ("S2", "said no|stop ... he|she|they (kept|did not|didnt|would not|wouldnt|still)"),
    ("S2", "drugged my|her|our? drink|me|her"),
    ("S2", "woke up naked|undressed|without"),
    ("S3", "desperte|amaneci sin ropa|desnuda|desnudo"),
    ("S2", "woke up and he|someone was"),
    ("S2?", "took advantage of me|her"),
    ("S2", "exposed himself|herself"),
    ("S2", "(kept going|kept on|kept doing it) (after|when|even when|even though) ... (stop|no)"),
    ("S2", "(secret game|secret games|special game)"),
    ("S2", "hands all over me|her"),
    ("S2", "forces|forcing himself|herself on|upon"),
    ("S2", "pinned|pinning|held|holding me|her (down|on the bed|to the bed|on the floor|against)"),
    ("S2", "get him off (of)? me|her"),
    ("S2?", "too drunk to (stand|walk|talk)"),
    ("S2?", "carrying|dragging|taking her|him (upstairs|to a room|into a room|to his room|to his car)"),
    ("S2", "on his|her lap ... hand|hands"),
    ("S2", "showed|shows|showing me|her|him ... (no clothes|naked|without clothes)"),
    ("S2", "grabbed me ... (and did things|and did stuff|and touched)"),
    ("S2", "(rape kit|sexual assault exam|evidence exam|collect evidence|forensic exam)"),
    ("S3", "desperte|amaneci ... sin ropa|desnuda|desnudo"),
    ("S3", "no me acuerdo de nada ... (tome|bebida|cerveza|trago|fiesta)"),
    ("S3", "(le ensena|le enseno|me ensena|me enseno) sus partes"),
    ("S3", "pide|pidio que (lo|la|le) (toque|toques)"),
    ("S3", "me obliga|obligo a estar con el|ella"),
    ("S3", "aunque le digo|dije que no"),
    ("S3", "encima de (una|la|mi) (muchacha|mujer|nina|chica|senora)"),
    ("S3", "obliga|obligo|obligan a hacer cosas"),
    ("S2", "comes|came|coming in|into my|her|his room at night"),
    (
        "S2",
        "post|share|leak|send|posting (a|the)? (video|videos|pics|pictures|photos|nudes) of me ... (unless|if|or)",
    ),
    (
        "S2",
        "(did not|didnt|did nt|would not|wouldnt|wo nt|would nt) stop (when|even when|after) (it hurt|i cried|i asked|i said)",
    ),
    ("S2", "(grown up videos|adult videos|dirty videos|dirty pictures)"),
    ("S2", "touched|touching|touches (his|her|my) (private|privates|private parts)"),
    ("S2", "pull|pulled|pulling|take|tear|tore ... my|her pants|skirt|underwear|shirt|dress (down|off)"),
    ("S2?", "(special time|our little secret|a secret between|keep it a secret|keep it secret)"),
    ("S2?", "texting|texts|messaging her|him late at night"),
    ("S3", "agarro|agarraron|toco|tocaron|manoseo ... nalgas|pechos|senos|partes"),
    ("S3", "(fotos intimas|fotos desnuda|fotos desnudo|videos intimos|video intimo)"),
    ("S3", "me quede congelada|congelado|paralizada|paralizado"),
    ("S3", "me hizo|hicieron cosas ... no queria"),
    ("S3?", "pidio|pide|pidiendo fotos"),
    (
        "S2",
        "woke|waking|wake up ... (no pants|my clothes off|her clothes off|naked|no clothes|undressed|without my|with nothing on)",
    ),
    (
        "S2",
        "(do not|dont|do nt|did not|didnt|did nt|can not|cannot|ca not) remember (anything|what happened|how i got) ... drink|drinks|party|bar|he|him",
    ),
    ("S2", "grabbed|touched|rubbed|grabbing|touching ... between my|her legs"),
    ("S2", "(pressing|pressed|rubbing|rubbed|grinding) (up)? against me|her"),
    ("S2", "(sleep with|have sex with|hook up with) him|her|them ... (or|if|unless)"),
    (
        "S2",
        "if i (did not|didnt|did nt|do not|dont|do nt|wo not|will not|would not) (sleep with|have sex|send)",
    ),
    ("S2", "(post|share|send|leak) my (pics|pictures|nudes|photos|videos) ... (unless|if|or)"),
    ("S2", "(take|took|taking) (her|his|my|their) clothes off"),
    ("S2?", "on top of (a|her|me|the|this) (girl|woman|her|me|kid|lady)"),
    ("S2?", "(screaming no|yelling no|crying no|saying no|screaming stop|saying stop)"),
    ("S3", "me|la|le|lo toca|toco (cuando|debajo|por debajo)"),
    ("S2", "making|made|make|makes me|her|him do (stuff|things) (in bed|to him|to her)"),
    ("S2", "(after|when) i (say|said|told him) no"),
    ("S2", "he|she|they forced|forces me|her|him"),
    ("S2", "on top of ... (screaming no|crying no|saying no|yelling no|screaming stop|saying stop)"),
    ("S2", "showed|shows|showing ... porn|pornography"),
    ("S2", "made|makes|make him|her touch"),
    ("S2", "touches|touched|touching her|him ... (under|private|privates|down there)"),
    ("S3", "toca|toco|manosea|manoseo a (mi|su|la|el)"),
    ("S3", "(en sus partes|en mis partes|era un secreto|es un secreto|nuestro secreto)"),
    ("S3", "forzarme|violarme|forzarla|violarla"),
    ("S3", "abusar de mi|ella|el"),
    ("S3", "me|la|le|lo toco|tocaron ... partes|pecho|nalgas|senos|cuerpo|abajo|debajo|ropa"),
    ("S2", "(did not|didnt|did nt|never) (consent|say yes|agree)"),
    ("S2", "too (drunk|high|wasted|out of it) to consent|say|stop|fight|move"),
    ("S2", "while|when i|she|he was asleep|sleeping|unconscious|blacked"),
    ("S2", "(does|did|do|doing) (things|stuff) to me|her|him|my"),
    ("S2", "grabbed|touched|groped|grabs|touches my|her butt|breast|breasts|chest|crotch|privates"),
    ("S2", "flashed me|us|my"),
    ("S2", "hand|hands up|under|down my|her skirt|shirt|dress|pants|shorts"),
    ("S2", "put|slipped|drugged something|stuff|drugs|pills in my|her drink"),
    ("S2", "woke|wake|waking up in ... bed|truck|car|room|apartment|house"),
    ("S2", "(nudes|naked pictures|naked pics|sexual pictures|explicit pictures)"),
    ("S1", "got|was|been sa'd|sa'ed|sa"),
    ("S1", "sa'd|sa'ed"),
    ("S3", "me metio|metieron|metió la mano"),
    ("S2", "held|pinned|holding|pinning me|her down"),
    ("S2", "unwanted touching|sexual|advances|contact"),
    ("S2", "comes|came|coming into my|her room at night"),
    ("S2", "took|pulled|takes|pulls my|her clothes|pants|shirt|underwear off"),
    ("S2", "too scared|afraid|frozen to (say no|move|stop him|fight)"),
    ("S3", "quito|quitaron la|mi ropa"),
    ("S3", "(me drogaron|drogaron mi bebida|me pusieron algo en|algo en la bebida|algo en mi bebida)"),
    # S3 Spanish.
    ("S3", "violaron|violo|violacion|violada|violado"),
    ("S3", "me viola"),
    ("S3", "abuso|abusaron|abusado|abusada sexual|sexualmente"),
    ("S3", "abusaron|abuso de mi"),
    ("S3", "me|la|le manoseo|manosearon|forzo|obligo"),
    ("S3", "sin mi|su consentimiento|permiso"),
    ("S3", "obliga|obligo|forzo|fuerza a tener relaciones|sexo"),
]

ABUSE: List[Rule] = [
    # A1 said with the words.
    ("A1", "abusing|abused|abuse|abuses|abusive|abuser"),
    ("A1", "neglecting|neglected|neglect|neglects|neglectful"),
    ("A1", "domestic violence|abuse|dispute|assault"),
    ("A1", "maltrato|maltratando|maltrata|maltratan|abuso|abusando|abusa|descuidando|descuida|descuidados"),
    ("A1", "violencia domestica|familiar"),
    # A2 hitting, hurting, controlling, again and again (domestic violence).
    (
        "A2",
        f"he|she|they|{KIN}|{CARER} ... beats|hits|chokes|slaps|punches|kicks|shoves|pushes|"
        "hurts|strangles|burns|whips|beat|hit|choked|slapped|punched|kicked|shoved|strangled|"
        f"burned|threatens|threatened|pushed|slammed|dragged|spit|bit me|her|him|us|them|{KIN}",
    ),
    (
        "A2",
        f"he|she|they|{KIN}|{CARER} ... beats|hits|chokes|slaps|punches|kicks|shoves|pushes|"
        "hurts|strangles|burns|whips|beat|hit|choked|slapped|punched|kicked|shoved|strangled|"
        f"burned my|his|her|their|our {KIN}",
    ),
    (
        "A2",
        "choking|dragging|beating|hitting|punching|kicking|strangling|slapping|hurting "
        f"his|her|my|their|our {KIN}|girlfriend|wife|kids",
    ),
    (
        "A2",
        "boyfriend|girlfriend|husband|wife|partner|ex|fiance|bf|gf ... choking|hitting|"
        "beating|punching|kicking|strangling|slapping|dragging|hurting her|him|me",
    ),
    ("A2", "put|sent her|him|me (in the hospital|to the hospital|in the er)"),
    ("A2", "new|fresh bruises|marks"),
    (
        "A2",
        "keeps|kept|always|constantly|often hitting|beating|hurting|choking|slapping|"
        "punching|kicking|pushing|shoving|threatening",
    ),
    ("A2?", "bruises|bruised|welts ... his|her|their|my|the|arms|legs|face"),
    ("A2?", "bruises|bruised|welts"),
    ("A2?", "black eye"),
    ("A2", "afraid|scared|terrified to go home"),
    (
        "A2",
        "afraid|scared|terrified of my|her|his husband|wife|partner|boyfriend|girlfriend|"
        "dad|mom|father|mother|stepdad|stepmom|son|daughter|ex|caregiver",
    ),
    ("A2?", "(wo not|will not|does not|do not) let me|her|him leave|go|see|have|talk|eat|call"),
    (
        "A2?",
        "controls|takes|took|keeps|stole|steals|stealing|taking my|her|his|all money|"
        "check|checks|paycheck|pension|social|phone|keys|medication|meds",
    ),
    ("A2", "threatens|threatened|threatening to hurt|kill|take"),
    ("A2?", "(crying|screaming|yelling) stop"),
    ("A2?", "slammed into|against (the|our|my) wall"),
    ("A2", "by her|his hair"),
    (
        "A3",
        "(sign over|signs over|sign away|signed over) ... (check|checks|house|money|social security|account|car)",
    ),
    ("A2", "(epo|dvo|protective order|restraining order|order of protection)"),
    ("A2", "walk|walking on eggshells"),
    ("A2?", "calls me worthless|stupid|useless|names"),
    ("A2", "locks|locked|locking me|her|him|us in"),
    ("A2", "belt|cord|hanger|switch marks|welts|bruises"),
    ("A2?", "(if i tell anyone|dont tell anyone|do not tell anyone|not to tell anyone|wont tell anyone)"),
    (
        "A2",
        "(stop you are hurting me|stop youre hurting me|stop you re hurting me|you are hurting me|youre hurting me)",
    ),
    ("A2", "if i (ever)? (leave|left|go|call) ... (kill|hurt|take|find)"),
    ("A2?", "(nobody|no one) (will|would) believe me"),
    ("A2", "punched|kicked|put a hole|holes in the|my wall|door"),
    ("A2?", "broke|smashed|took|takes|breaks my phone|keys|car keys"),
    ("A2?", "(keeps showing up|keeps following me|tracks my phone|tracking my phone|tracks my location)"),
    ("A2?", "(says|said) (i am|im|i m|i 'm) (his|hers|his property)"),
    ("A2", "with a|the belt|cord|hanger|switch|extension|spoon"),
    ("A2", "threw|throws|thrown|throwing ... at me|her|him|us"),
    ("A2", "shaking|shook|shakes|shake the|my|a|his|her baby|toddler|infant|kid"),
    ("A2", "put|puts|putting|laid|lays hands on me|her|him"),
    ("A2?", "busted|split|fat lip"),
    ("A2", "gets|get|got rough|violent|physical"),
    ("A2", "slamming|slammed|slams|throwing|threw her|him|me into|against"),
    ("A2", f"beating|hitting|punching|kicking|whipping|choking my|his|her|their|our ... {KIN}"),
    ("A2", "swinging|swung on|at them|her|him|the|me"),
    ("A2", "(tell|told|say|said) (people|everyone|them)? i (fell|walked into)"),
    ("A2", "says|said he|she|they will|ll|'ll|would hurt|kill|beat|hit me|her|him|them|us|the"),
    (
        "A2",
        "until|unless|or she|he|i|they give|gives|hand|hands|sign|signs ... money|cash|check|him|her|over",
    ),
    # A3 neglect and exploitation of children, elders and dependent adults (KRS 620, 209).
    (
        "A3",
        "left|leaves|leaving|leave ... "
        f"{CHILD}|kids|children|babies (alone|unattended|home alone|by themselves|in the car)",
    ),
    (
        "A3",
        f"{CHILD}|kids|children|babies ... (home alone|by themselves|alone all|alone at|alone every|alone for)",
    ),
    ("A3?", f"{CHILD}|kids|children ... hungry|starving|dirty|filthy|locked|rotten"),
    ("A3?", "dirty|filthy|same clothes"),
    ("A3?", "always|constantly|often hungry|starving"),
    ("A3?", "rotten|rotting teeth"),
    ("A3?", "(not|nt|isnt|never) feeding|fed|bathing|changing|(taking care)"),
    ("A3", "no food|heat|water for the|her|his|their? kids|children|baby"),
    (
        "A3",
        "(nursing home|caregiver|aide|facility|caretaker) ... hits|hit|hurts|hurting|ignores|"
        "ignoring|stealing|steals|yells|leaves|left|bruises|drugged",
    ),
    (
        "A3?",
        "stealing|taking|steals|took|stole|cashing|using her|his|my|grandma|grandpa|mom|dad "
        "... money|checks|check|pension|social|savings|card|meds|medication",
    ),
    ("A3", "keeps|kept|keeping her|him|them drugged|sedated|locked"),
    ("A3", "soiled|bedsores|sores|diaper ... days|hours|never|left"),
    ("A3", "bed sores|bedsores"),
    ("A3", "make|makes|made me|her|him|them sleep in|outside"),
    ("A3", "make|makes|made ... sleep in the|a garage|shed|car|basement|yard|outside"),
    ("A3", "parents|mom|dad|mother|father (have not|havent|has not|hasnt) been (home|back)"),
    ("A3?", "(no shoes|no coat|no jacket|in shorts) ... cold|degrees|snow|freezing"),
    (
        "A3",
        "(no adult|no adults|no parent|no parents|nobody|no one) ... (in or out|go in|home|around|there since)",
    ),
    (
        "A3?",
        "(crying for hours|crying for days|crying all day|crying all night|llora y llora|llorando sin parar)",
    ),
    ("A3", f"{CHILD}|kids|children ... alone ... (since|all day|all night|for hours)"),
    ("A3", "(not|nt|never|dont|doesnt) feed|feeding me|her|him|them|us|the"),
    ("A3", "lock|locks|locked|locking ... out|outside ... night|cold|hours|all|rain"),
    ("A3", f"left|leaves|leave ... {CHILD}|kids|him|her ... (all day|for hours|for days|overnight)"),
    ("A3", "locked|lock|locks|keeps|kept ... in (a|the) shed|cage|closet|basement|room|crate"),
    ("A3", "no le|les (da|dan) de comer"),
    ("A3", "la|lo|los|las deja|dejan sola|solo|solos|solas"),
    # A4 Spanish.
    ("A4", "me|le|la|lo|les|nos pega|golpea|golpean|pegan|maltrata|amenaza"),
    ("A4", "pega|golpea|golpean|pegan a su|sus|mi|mis|los|las"),
    (
        "A4",
        "esposo|esposa|pareja|novio|novia|marido|papa|padrastro|mama ... golpeando|pegando|"
        "maltratando|pateando|ahorcando",
    ),
    ("A4", "deja|dejan|dejo a? los|las|sus ninos|ninas|hijos|hijas|bebe solos|solas|solo|sola"),
    ("A4", "moretones"),
    ("A4", "golpes en"),
    ("A4", "miedo de mi|su esposo|esposa|pareja|novio|papa|padrastro"),
    ("A4", "rompio|quebro un|el|la diente|nariz|brazo|costilla"),
    ("A4", "quita|quito|controla el|su|mi dinero|telefono"),
    ("A4", "revisa|controla el|su|mi telefono|celular"),
    ("A4", "revisa|controla el|su|mi cel"),
    ("A4", "me empuja|empujo|jala|jalo|avienta|aviento"),
    ("A4", "(golpes y gritos|gritos y golpes)"),
    ("A4", "esposo|pareja|novio|marido ... sigue pateando|pegando|golpeando"),
    ("A4", "me ahorco|ahorcaron|estrangulo|estrangularon"),
    ("A4", "la proxima vez no me suelta|mata"),
    ("A4", "nino|nina|bebe|ninos|chiquito|chiquita ... solo|sola|solos|solas ... desde"),
    ("A4", "(no me deja|no la deja|no lo deja) (salir|ver|hablar|trabajar|ir)"),
    ("A4", "(si lo dejo|si me voy|si no soy de el|no soy de nadie)"),
    ("A4?", "me sigue|persigue al|a mi trabajo|casa"),
    ("A4", "(ya me ha pegado|me ha pegado|me pego antes|me ha golpeado|ya me pego)"),
    ("A4", "golpeando|pegando a su|mi esposa|esposo|pareja|novia|hijo|hija|mama|hijos"),
]

# The page's own names that contain danger words: a lookup, not an alarm
# ("the rape crisis number", "child abuse hotline", "crimes against children").
NAME_SPANS: List[str] = [
    "rape crisis",
    "child|adult|elder|the? abuse hotline|line|number",
    "crimes against children",
    "protective services",
    "crisis line|center|hotline|number",
    "poison control",
    "(center for women and families|home of the innocents|victim notification)",
    "drug|substance|alcohol abuse",
    "domestic violence shelter|shelters|hotline|hotlines|program|programs|resources|number|"
    "flyer|flyers|awareness",
    "fire department|dept|station|truck|trucks|alarm|alarms|hydrant|marshal|works|fighter|"
    "fighters|extinguisher|pit|place|drill",
    "(fire and ems|fire & ems|ems and fire|ems & fire|fire and rescue)",
    "emergency management|room|contact|contacts|kit|alert|alerts|line|number|numbers|services|"
    "vehicle|vehicles|responders|situation|situations|call|calls|dispatch",
    "non emergency|nonemergency|non-emergency",
    "911 call|calls|dispatcher|dispatchers|operator|operators",
    "(life threatening situation|lens alert|lens alerts|amber alert|amber alerts|emergency health profile)",
    "linea de abuso|crisis|violacion",
    "abuso infantil",
    "crimenes contra ninos",
    "control de envenenamiento",
    "violencia domestica (refugio|albergue|numero|telefono|linea)",
    "reporte|informe|copia (de|del) (incendio|accidente|choque|robo)",
]
