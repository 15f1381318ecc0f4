"""Safety before matching: acute danger and requests for a personal medical decision.

Both languages are checked whatever language the page is in. Patterns work on
normalised text (lower case ASCII, single spaces; see normalise.py) and are tuned
for recall: a missed emergency is the worst failure there is, so a doubtful case
is flagged. Look-alikes that are clearly harmless (bruises, "emergency procedure",
"does not respond to the treatment", general questions about what a medicine can
cause) are taken out first so that they get their normal answer.
"""
import re

from .normalise import normalise

EMERGENCY = "emergency"
MEDICAL_ADVICE = "medical_advice"

_CHILD = r"(?:kid|child|son|daughter|baby|boy|girl|he|she|hes|shes|they|kind|kindje|zoon|zoontje|dochter|dochtertje|baby|hij|zij|ze|meisje|jongen)"


def _any(*patterns: str) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def _near(a: str, b: str, words: int = 3) -> str:
    """`a` and `b` (alternations of words) at most `words` words apart, in either order."""
    gap = rf"(?:\s+\w+){{0,{words}}}\s+"
    return rf"\b(?:{a})\b{gap}(?:{b})\b|\b(?:{b})\b{gap}(?:{a})\b"


_BREATH = r"breath\w*|adem\w*|lucht|air"
_TROUBLE = (r"not|no|stop\w*|cant|cannot|hard|harder|struggl\w*|difficult\w*|trouble|hardly|barely|gasp\w*|terrible|"
            r"weird|strange|funny|noisy|rattl\w*|niet|geen|moeilijk|moeite|slecht|raar|zwaar|nauwelijks|hapt|happen|snakt|"
            r"piept|reutelt|stokt|stopt|gestopt|shallow|rapid|really fast|very fast|so fast|oppervlakkig|hijgt|hijgend|heel snel")
_BLOOD = r"blood|bleed\w*|bloed|bloedt|bloeding\w*|bloedingen"
_LOTS = (r"lot|lots|much|heavy|heavily|everywhere|wont stop|coming|pouring|mouth|nose|veel|erg|hevig|heftig|komt|"
         r"stroomt|gutst|mond|neus|overal|stopt niet|houdt niet op|soaking|soaked|soaks|dripping|pouring|spurting|loopt|druppelt|"
         r"doorweekt|doordrenkt")
_WAKE = r"wake|waking|woken|wakker|respond\w*|react\w*|reageert|aanspreekbaar"
_NOT = r"not|cant|cannot|wont|doesnt|isnt|no longer|niet|geen|nauwelijks|hardly"
_SWELL = r"swollen|swelling|swell\w*|puffy|zwelt|zwellen|gezwollen|opgezwollen|dik|dikke"
_FACE = r"tongue|throat|lips|face|mouth|eyes|eyelids|tong|keel|lippen|gezicht|mond|ogen|oogleden"
_SUDDEN = r"suddenly|sudden|all of a sudden|ineens|opeens|plotseling|plots"
_CHANGE = (r"drowsy|confused|worse|deteriorat\w*|pale|grey|gray|sleepy|weird|ill|sick|floppy|limp|suf|sufferig|verward|"
           r"slechter|zieker|achteruit|bleek|wit|grauw|slaperig|raar|slap")


_EMERGENCY = _any(
    # words near each other, in either language
    _near(_BREATH, _TROUBLE), _near(_BLOOD, _LOTS, 4), _near(_WAKE, _NOT), _near(_SWELL, _FACE), _near(_SUDDEN, _CHANGE, 4),
    r"\beyes (?:\w+ )?(?:rolled|rolling|roll) (?:back|up)", r"\bogen (?:\w+ )?(?:draaien|draaiden|rollen) weg",
    r"\b(?:went|gone|is|go|goes|going|turned) (?:\w+ )?(?:limp|floppy)\b", r"\bhives\b", r"\bbultjes\b.*\b(?:overal|dik|benauwd)",
    # breathing
    r"\b(?:not|isnt|is not|stopped|stops|stop|no longer|hardly|barely|cant|can not|cannot|struggling to|struggles to|trouble|difficulty|difficult|hard to|unable to|problems?|fighting to)\s+(?:be\s+)?breath\w*",
    r"\bbreath\w* (?:has |have )?(?:stopped|stops|is weird|is strange|very fast|badly)",
    r"\bno breath", r"\bgasping\b", r"\bgasps?\b for", r"\bcho(?:c)?king\b", r"\bshort of breath", r"\bcant get (?:any )?air",
    r"\bademt\w* (?:\w+ )?(?:niet|nauwelijks|bijna niet|slecht|moeilijk|raar|heel snel|zwaar)",
    r"\b(?:geen|stopt met|gestopt met|stopte met|moeite met|problemen met) (?:adem|ademen|ademhalen|ademhaling)\b",
    r"\bademhaling (?:stopt|is gestopt|stokt|valt weg|is raar)", r"\bbenauwd\b", r"\bstikt\b", r"\bstikken\b",
    r"\bverslikt\b", r"\bhapt\w* naar (?:adem|lucht)", r"\bnaar adem", r"\b(?:krijgt|kreeg|heeft) geen lucht", r"\bgeen lucht\b",
    # colour
    r"\b(?:turning|turned|turns|going|gone|went|is|looks|looking|getting|goes) (?:\w+ )?(?:blue|grey|gray|purple)\b",
    r"\bblue (?:lips|face|in the face|around the mouth|skin|fingers)", r"\blips (?:are |look |turning |went |go |have gone )?(?:blue|grey|gray|purple)",
    r"\bblauw\b", r"\bblauwe (?:lippen|lipjes|mond|gezicht|huid|vingers|nagels|kleur)", r"\bgrauw\b",
    r"\b(?:raging|sky high|torenhoge) (?:fever|temperature|temp|koorts)\b",
    r"\b(?:doesnt|does not|dont|didnt) (?:know|recognise|recognize) (?:who i am|me|us)\b", r"\bherkent (?:me|mij|ons) niet\b",
    r"\b(?:spots|rash|vlekjes|vlekken|uitslag)\b(?: \w+){0,4} (?:dont|do not|doesnt|does not|niet) (?:fade|go away|wegdrukbaar|weg ?drukken|verdwijnen)\b",
    r"\bpurple (?:spots|blotches|rash)\b", r"\bpaarse (?:vlekjes|vlekken|plekjes)\b",
    r"\b(?:ice|ijs) ?(?:cold|koude) (?:hands|feet|handen|voeten)\b",
    r"\bbluish\b", r"\bblue ?ish\b", r"\bblauwig\w*", r"\bclammy\b", r"\bklam(?:me)?\b",
    _near("pale|white|bleek|wit", "grey|gray|blue|grauw|blauw", 5),
    # a rash that spreads over the body ("uitslag" alone is also a test result: the body words decide)
    r"\b(?:rash|spots|blotches|hives|welts|vlekken|vlekjes|bultjes|bulten|uitslag)\b(?: \w+){0,7} "
    r"(?:lijf|lichaam|body|all over|everywhere|overal|spreading|spreads|spread|verspreid\w*)\b",
    # seizures
    r"\bse?i[sz]u?re?s?\b", r"\bsei[sz]ing\b", r"\bsiez\w*", r"\bconvuls\w*", r"\b(?:having|had|has|have) a fit\b", r"\bfitting\b",
    r"\bshaking (?:all over|uncontrollably|and)", r"\bjerking\b",
    r"\bstuip\w*", r"\bepilep\w* aanval", r"\bheeft (?:een )?(?:aanval|toeval|insult)", r"\bkrijgt (?:een )?(?:aanval|toeval|insult)",
    r"\bschokt\b", r"\bschokken\b", r"\btrekkingen\b", r"\b(?:schudt|trilt|beeft) (?:met |over )?(?:heel |zijn |haar |het )*(?:hele )?(?:lichaam|lijf|armen|benen)",
    r"\b(?:hoort|ziet|herkent) (?:me|mij|ons) (?:niet|nauwelijks)\b(?! (?:goed|zo goed|graag))",
    # not waking, not responding
    r"\b(?:wont|will not|doesnt|does not|didnt|cant|can not|cannot|not|isnt|is not|hard to|unable to|no longer) (?:\w+ )?(?:wake|waking|woken|respond|responding|react|reacting)\b",
    rf"\b{_CHILD} (?:is )?(?:not|isnt|hardly|barely|no longer|stopped) (?:really )?(?:answering|talking|responding|making sense)\b",
    r"\bunconscious\b", r"\bunresponsive\b", r"\bpassed out\b", r"\bfainted\b", r"\bcollapsed\b", r"\bfloppy\b", r"\blifeless\b",
    r"\b(?:is|went|gone|very) limp\b", r"\bnot moving\b",
    r"\b(?:wordt|werd) (?:maar |gewoon )?(?:niet|moeilijk) (?:meer )?wakker", r"\bniet (?:meer )?wakker (?:te krijgen|worden|te maken)",
    r"\breageert (?:niet|nergens|nauwelijks|bijna niet|slecht)\b(?! (?:op|goed op) (?:de |het )?(?:behandeling|medicijn|middel|anakinra|therapie|kuur))",
    r"\bbewusteloos\b", r"\bbuiten bewustzijn", r"\bflauw ?gevallen\b", r"\bvalt flauw\b", r"\bniet aanspreekbaar\b", r"\bslap\b",
    # bleeding
    r"\bheavy bleeding\b", r"\bbleed\w* (?:heavily|a lot|badly|so much|everywhere|wont stop|will not stop|doesnt stop|does not stop|non stop)",
    r"\b(?:lots|lot|much|loads) of blood\b", r"\bwont stop bleeding", r"\b(?:coughing|vomiting|throwing|spitting) (?:up )?blood", r"\bblood everywhere",
    r"\bbloedt (?:heel |zo |erg )?(?:erg|veel|hevig|flink|enorm|hard|maar door|door)", r"\bveel bloed\b", r"\bhevige bloeding",
    r"\bbloeding (?:stopt|houdt) niet", r"\b(?:spuugt|braakt|hoest|spuwt) bloed", r"\bbloed (?:spugen|overgeven|ophoesten)",
    r"\bblijft bloeden", r"\bstopt niet met bloeden",
    r"\b(?:line|drip|cannula|catheter|lijn|infuus|naald|katheter)\b(?: \w+){0,5} (?:pulled|came|ripped|fallen|eruit|los(?:getrokken)?)\b(?: \w+){0,6} (?:blood|bleed\w*|bloed\w*)\b",
    # heart
    r"\bheart (?:has )?(?:stopped|stops|stopping)", r"\bno pulse\b", r"\bcardiac arrest", r"\bhart (?:staat )?stil\b", r"\bhartstilstand",
    r"\bgeen (?:hartslag|pols)\b",
    # severe allergic reaction
    r"\ballergic reaction\b", r"\banaphyla\w*", r"\banafyla\w*", r"\ballergische reactie\b", r"\bshock\b",
    r"\b(?:face|lips|tongue|throat|mouth) (?:is |are |has |have )?(?:\w+ )?swell\w*", r"\bswell\w* (?:of|in) (?:the |his |her )?(?:face|lips|tongue|throat)",
    r"\b(?:gezicht|lippen|tong|keel|mond) (?:is |zijn |wordt |worden |gaat |gaan )?(?:\w+ )?(?:opgezwollen|dik|gezwollen|zwelt|zwellen)",
    r"\bwelts\b", r"\b(?:eyes|face|lips|eyelids|tongue) (?:are |is |keep |started )?(?:\w+ )?(?:puffing|puffed|puffy)",
    r"\bthroat (?:feels |is |getting |gets |going |has gone )?(?:\w+ )?(?:tight|closing|closed|narrow)",
    r"\bcovered in (?:\w+ ){0,2}(?:spots|bumps|rash|hives|welts|blotches|lumps)",
    r"\bkeel (?:voelt |is |wordt |zit |gaat )?(?:\w+ )?(?:strak|nauw|dicht|dik)\b", r"\bogen (?:zijn |worden |gaan )?(?:\w+ )?(?:dik|opgezwollen|gezwollen)\b",
    r"\b(?:zit|zat|ligt) (?:helemaal )?onder de (?:\w+ )?(?:bulten|vlekken|uitslag|bultjes)",
    # fever, sudden change, alarms, dying
    r"\b(?:has|got|have|running) a (?:very )?(?:high )?(?:fever|temperature)\b", r"\bburning up\b", r"\b(?:temperature|temp|fever) (?:of |is )?4[0-2]\b",
    r"\b(?:heeft|krijgt|kreeg) (?:nu |ineens |opeens |weer )?(?:hoge |heel hoge )?koorts", r"\b4[0-2] graden\b",
    r"\b(?:suddenly|all of a sudden) (?:very |much |really )?(?:worse|ill|sick|drowsy|confused|pale|grey|gray)",
    r"\b(?:ineens|opeens|plotseling) (?:heel |erg |veel )?(?:zieker|ziek|slechter|suf|verward|wit|bleek|grauw)",
    r"\b(?:alarm|monitor|machine|pump|pomp)\w* (?:is |keeps |blijft |gaat |goes |going )?(?:going off|beeping|alarming|piept|piepen|af\b|alarm)",
    r"\bis dying\b", r"\bgaat (?:nu )?dood\b", r"\bligt dood te gaan",
    # saying so
    r"\b(?:this is|its|it is|we have) an emergency\b", r"\bhet is (?:een )?(?:noodgeval|spoed)", r"\bspoedgeval\b",
    r"\b(?:help|hulp) (?:nu|now|snel|quick|quickly|asap|nodig)\b", r"^(?:help|hulp|help me|help mij|sos)(?: help)*$",
)

# Harmless look-alikes, removed before the emergency check.
_LOOKALIKES = _any(
    r"\b(?:not |doesnt |does not |isnt |is not |no longer )?(?:respond\w*|react\w*) (?:well )?to (?:the |his |her |this |that )?(?:treatment|medicine|medication|drug|anakinra|therapy|antibiotics|chemo\w*)",
    r"\breageert (?:niet |slecht |goed |nauwelijks )?(?:\w+ )?op (?:de |het |deze )?(?:behandeling|medicijn\w*|middel|anakinra|therapie|kuur|antibiotica|chemo\w*)",
    r"\bniet reanimeren\b", r"\bdo not resuscitate\b", r"\bbreathing machine\b", r"\bbeademingsmachine\b", r"\bblood (?:tests?|samples?|draws?|pressure)\b",
    r"\bbloed(?:onderzoek|afname|druk|test\w*|waarden|waardes)\b",
    r"\bhow much blood (?:do|will|is|are|does|did)\b(?:\s+\w+){0,4}\s+(?:take|taken|draw|drawn|need|needed|use|used)\b",
    r"\bhoeveel bloed (?:\w+ )?(?:wordt|word|nemen|neemt|is|hebben)\b",
    r"\b(?:veel |extra )*bloed (?:\w+ ){0,4}(?:afgenomen|afnemen|prikken|geprikt|nemen|afname)\b",
    r"\b(?:take|takes|taking|took|draw|draws|drawing|drew) (?:\w+ ){0,2}blood\b(?: (?:\w+ ){0,2}(?:a lot|often|every day))?",
    r"\bblood (?:\w+ ){0,2}(?:taken|drawn)\b",
    r"\bblauwe? plek\w*", r"\bblue (?:spots?|marks?|bruises?|patches)", r"\bemergency (?:procedure|consent|care|room|department|number|exit|plan)",
    r"\bspoed ?(?:procedure|eisende hulp|eisende|toestemming|procedures)", r"\bnoodprocedure\w*", r"\bblauw formulier\b",
)

# "What happens if…": a question about a possible event, not a report of one, unless it says now.
_CONDITIONAL = re.compile(r"^(?:what if|what happens if|what happens when|what do you do if|what will happen if|"
                          r"wat als|wat gebeurt er als|wat gebeurt er bij|wat gebeurt er wanneer|wat doen jullie als|wat doet men als)\b")
_STRONG_NOW = re.compile(r"\b(?:now|right now|at the moment|currently|nu|op dit moment|op het moment)\b")
# A general question about what a medicine can cause, asked about nobody in particular.
_HYPOTHETICAL = _any(
    r"\b(?:risk|risks|risico|risicos|chance|kans|how common|how often|hoe vaak)\b",
    r"^(?:what if|what happens if|wat als|wat gebeurt er als|wat gebeurt er bij)\b",
    r"^(?:can|could|does|do|will|may|might|is|are|what|how|which|kan|kun|kunnen|geeft|krijg|hoe|wat|welke|is er|zijn er|bestaat)\b.*\b(?:cause|causes|give|lead to|risk|chance|likely|common|side effects?|happen|veroorza\w*|geven|bijwerking\w*|risico\w*|kans|vaak|gevolg\w*|leiden tot)\b",
)
# "wordt hij er slaperig van?", "does it make her sleepy?": a question about an effect of the medicine
_EFFECT = re.compile(r"\b(?:er \w+ van (?:worden|krijgen)|ervan (?:worden|krijgen)|(?:wordt|word|worden|krijgt|krijgen) "
                     r"(?:hij|zij|ze|je|kinderen) er (?:\w+ ){1,2}van|(?:does|do|can|will|could) (?:it|this|that|anakinra|the (?:drug|medicine)) "
                     r"(?:\w+ )?make (?:him|her|you|them|children|kids|my \w+))\b")
_NOW = _any(
    r"\b(?:now|right now|at the moment|currently|suddenly|just|is having|has had|nu|op dit moment|ineens|opeens|plotseling|net|zojuist)\b",
    rf"\b(?:my|mijn|our|ons|onze) {_CHILD}\b",
    r"\b(?:hes|shes|he is|she is|they are|hij is|zij is|ze is|hij heeft|zij heeft|ze heeft)\b",
)

# medicines, remedies and food a parent may ask to give beside the study medicine
_REMEDY = (r"paracetamol|ibuprofen|calpol|nurofen|tylenol|advil|aspirin|aspirine|painkillers?|pijnstillers?|"
           r"vitamins?|vitamines?|vitaminepil\w*|supplements?|supplementen|homeopath\w*|homeopathie|herbal|kruiden\w*|cbd|"
           r"probiotic\w*|probiotica|fish oil|visolie|echinacea|breast ?milk|moedermelk|borstvoeding|"
           r"antihistamine\w*|allergy (?:tablets?|medicine)|melatonin\w*|sleeping pills?|slaappil\w*|"
           r"(?:his|her|their) own (?:medicine|medication|pills|tablets)|(?:zijn|haar|eigen) (?:medicijnen|pillen|tabletten)|"
           r"kamillethee|thee|chips|cola|snoep|fast ?food|mcdonalds|takeaway|junk ?food|sweets|candy|crisps|energy drinks?|"
           r"griepprik|flu (?:jab|shot|vaccine)|vaccin\w*|inenting\w*|booster|pneumonia (?:injection|jab|vaccine)|"
           r"omega (?:three|3)|cod liver oil|levertraan|food from home|eten van thuis")

_MEDICAL_ADVICE = _any(
    r"(?<!where )(?<!how )(?<!when )(?<!who )(?<!what )(?<!which )(?<!why )\b(?:should|shall) (?:i|we|my \w+|he|she|they|our \w+)(?: \w+)?(?: \w+)? (?:let|allow|sign|agree|consent|say yes|say no|join|participate|take part|enrol|enroll|give|stop|quit|refuse|decline|choose|go for|accept|try|worry|be worried|be scared|be afraid|wait|start|continue|take|have(?! (?:any |further |more |other )?questions)|get|do it|do this|go ahead|put)\b",
    r"\bwhat (?:should|shall) (?:i|we) do\b(?! if\b)",
    # any "should we …" not asked with a question word ("should we ask them to pause her chemo")
    r"(?<!where )(?<!how )(?<!when )(?<!who )(?<!whom )(?<!what )(?<!which )(?<!why )(?<!one )"
    r"\b(?:should|shall|shud|shld|shoud) (?:i|we|my \w+|our \w+)\b(?! (?:expect|know|bring|call|ring|contact|read)\b| (?:have|need|get) (?:any |further |more |other )?(?:questions|help)\b|(?: \w+){0,4} change (?:their|our|my|his|her) minds?\b)",
    r"\bis it (?:\w+ )?(?:ok|okay|alright|all right|fine|safe) (?:for (?:me|us|him|her) )?to (?:give|let|stop|skip|have|use|feed)\b",
    r"(?<!why )\b(?:is it|would it be|will it be|isnt it|is this|is that|would that be) (?:\w+ )?(?:better|best|wise|wiser|smart|a good idea|the right choice|the right thing|worth it|worth the risk|advisable|sensible)\b",
    r"\b(?:is it|is this|is anakinra|is the (?:drug|medicine|study)|is taking part) (?:\w+ )?safe(?:r)? (?:for|enough for) (?:my|him|her|our|us|me)\b",
    r"\b(?:do|would|could|can|will) you (?:\w+ )?(?:recommend|advise|suggest)", r"\bwhat (?:do|would) you (?:recommend|advise|suggest)\b", r"\bwhat would you (?:do|choose)\b",
    r"\byour (?:advice|recommendation|opinion)\b", r"\b(?:give|need|want|get) (?:me |us )?(?:some )?(?:medical )?advice\b", r"\badvise me\b",
    r"\bif you were (?:me|us|in my)", r"\bin my (?:child|son|daughter|kid)s? (?:case|situation)",
    r"\bwill (?:my \w+|he|she|it|anakinra|this|the (?:drug|medicine)) (?:\w+ )?(?:survive|get better|recover|be ok|be okay|be fine|die|cure|save|work for)\b",
    r"\b(?:is|would) (?:it|anakinra|this|the study|the drug) (?:\w+ )?(?:right|good|suitable|best) for (?:my|him|her|our)\b",
    r"\bcan i give (?:him|her|my|them)\b", r"\bchance (?:that )?my \w+ (?:will )?(?:survive|die|gets? better)",
    # Dutch
    r"(?<!waar )(?<!hoe )(?<!wanneer )(?<!wie )(?<!wat )(?<!welke )(?<!waarom )"
    r"\b(?:moet|moeten) (?:ik|we|wij)(?: \w+){0,3} (?:toestemming geven|laten meedoen|mee laten doen|ja zeggen|nee zeggen|kiezen|stoppen|weigeren|ons zorgen maken|me zorgen maken|mij zorgen maken|zorgen maken|ongerust|bang|instemmen|akkoord gaan|wachten|beginnen|accepteren|laten behandelen)\b(?! (?:als|wanneer) (?:ik|we|wij) (?:wil|willen))",
    r"(?<!waar )(?<!hoe )(?<!wanneer )(?<!wie )(?<!wat )(?<!welke )(?<!waarom )"
    r"\b(?:zal|zullen|zou|zouden) (?:ik|we|wij)(?: \w+){0,3} (?:toestemming geven|toestemming|meedoen|mee doen|laten meedoen|mee laten doen|tekenen|ondertekenen|ja zeggen|nee zeggen|kiezen|stoppen|weigeren|ons zorgen maken|me zorgen maken|mij zorgen maken|zorgen maken|ongerust|bang|instemmen|akkoord gaan|wachten|beginnen|accepteren|laten behandelen|geven)\b(?! (?:als|wanneer) (?:ik|we|wij) (?:wil|willen))",
    r"\bwat (?:moet|moeten|zal|zullen|zou|zouden) (?:ik|we|wij) (?:nu |dan )?doen$",
    r"\bwat (?:zou|zouden) (?:jij|u|je|jullie) doen", r"\bwat (?:raad|raadt|adviseer|adviseert|adviseren) (?:je|jij|u|jullie)",
    r"\b(?:raad|raadt|raden) (?:je|jij|u|jullie) (?:het |dit |dat |mij |me |ons )?aan\b", r"\b(?:wat is|geef|wil|ik wil|ik zoek) (?:uw |jouw |je |me |mij |ons )?(?:een |graag )?advies\b",
    r"\b(?:wat is )?(?:uw|jouw|je) (?:advies|mening)\b", r"\bals (?:jij|u|je) (?:mij|ik) (?:was|zou zijn)\b",
    r"\bis het (?:\w+ )?(?:beter|verstandig|slim|een goed idee|wijs|wijzer|aan te raden|de goede keuze|de juiste keuze|het waard|het risico waard)\b",
    r"\bis (?:het|dit|anakinra|het medicijn|meedoen) (?:\w+ )?veilig (?:voor|genoeg voor) (?:mijn|hem|haar|ons|onze)\b",
    r"\b(?:wordt|word) (?:mijn|ons|onze) \w+ (?:weer )?beter\b", r"\b(?:gaat|zal) (?:mijn|ons|onze) \w+ (?:het )?(?:overleven|redden|beter worden|dood)\b",
    r"\b(?:gaat|zal) (?:hij|zij|ze) (?:het )?(?:overleven|redden)\b", r"\boverleeft (?:hij|zij|ze|mijn|ons|onze)\b",
    r"\b(?:helpt|werkt) (?:het|anakinra|dit|dat|het medicijn) (?:\w+ )?(?:bij|voor) (?:mijn|ons|onze|hem|haar)\b",
    r"\b(?:mag|kan|kun) ik (?:hem|haar|ze|mijn \w+|ons \w+|onze \w+)\b(?: \w+){0,5} (?:geven|toedienen|laten \w+)\b",
    r"\bin (?:ons|mijn) geval\b",
    r"\b(?:denkt|vindt) u dat (?:mijn|ons|onze|hij|zij|ze|we|wij|het (?:beter|verstandig|goed))\b",
    r"\b(?:denk|vind) (?:je|jij) dat (?:mijn|ons|onze|hij|zij|ze|we|wij|het (?:beter|verstandig|goed))\b",
    r"\b(?:zou|zouden|kunt|kan|kun|wilt|wil) (?:u|jij|je|jullie)\b(?: \w+){0,6} (?:aanraden|adviseren|aanbevelen)\b",
    r"\bzou het (?:\w+ )?(?:slim|verstandig|beter|wijs|wijzer|goed|handig|een goed idee) zijn\b",
    r"\b(?:is )?(?:het )?goed voor (?:mijn|ons|onze) \w+ om\b", r"\b(?:goed|beter|verstandig|slim)\b(?: \w+){0,8} ja of nee$",
    r"\b(?:moet|moeten|zal|zullen) (?:ik|we|wij)\b(?: \w+){0,6} (?:aandringen|eisen|vragen of|om(?: \w+){1,4} vragen)\b",
    r"\b(?:think|reckon|believe|suppose) (?:that )?(?:i|we) (?:should|ought to)\b",
    # a named medicine, food or remedy beside the study: a question about this child's care
    rf"\b(?:can|could|may|is it (?:\w+ )?(?:ok|okay|safe|fine|alright)|mag|mogen|kan|kun|kunnen|is het (?:\w+ )?(?:goed|veilig|erg))\b"
    rf"(?: [\w']+){{0,8}} (?:{_REMEDY})\b",
    # prognosis and the right choice for this child
    r"\b(?:will|is|does) (?:my \w+|he|she|our \w+) (?:\w+ )?(?:die|dying|pull through|make it|going to die|going to make it)\b",
    r"\b(?:gaat|zal) (?:mijn \w+|ons \w+|onze \w+|hij|zij|ze) (?:het )?(?:\w+ )?(?:dood|halen|overleven|redden)\b",
    r"\b(?:what are|hoe groot (?:is|zijn)) (?:his|her|their|my \w+s?|de) (?:chances|kans(?:en)?)\b",
    r"\b(?:best|right|correct|wise|wisest|smart|smartest|sensible) (?:choice|decision|option|thing to do|way to go)\b(?! (?:is made|are made))",
    r"\b(?:beste|juiste|goede|verstandige|verstandigste|slimste|wijste) (?:keuze|beslissing|optie)\b",
    r"\bgood idea for (?:my|our|him|her|them|us)\b", r"\b(?:de moeite waard|wat is wijsheid)\b",
    r"\bhelp (?:me|us|ons|mij) (?:to )?(?:decide|choose|kiezen|beslissen)\b", r"\b(?:raad|raadt|raden) (?:je|jij|u|jullie) (?:het |dit |dat )?af\b",
    r"\b(?:dont|do not|cant|cannot) (?:\w+ )?decide (?:whether|if)\b", r"\bwhether (?:to|we should|i should) (?:sign|join|say|agree|take part|let)\b",
    r"\bweet (?:niet|nog niet) of (?:we|wij|ik) (?:\w+ )?(?:moeten|moet|zullen|zal|gaan) (?:\w+ )?(?:meedoen|tekenen|toestemming|ja|nee)\b",
    r"\bwat (?:moet|moeten) (?:ik|we|wij)(?: \w+){0,2} doen\b(?! (?:als|wanneer|om)\b)", r"\bof (?:is het )?beter niet\b",
    r"\b(?:goed voor (?:hem|haar)|good for (?:her|him))\b",  # "slecht/bad/gevaarlijk …": the pattern below
    r"\b(?:zeg|vertel|zegt|vertelt) (?:me|mij|ons)\b(?: \w+){0,3} wat (?:ik|we|wij) (?:moet|moeten|kunnen|zouden)\b",
    r"\btell (?:me|us)\b(?: \w+){0,2} what (?:to do|i should|we should|to choose)\b",
    r"\b(?:meer|grotere|betere) kans\b(?: \w+){0,8} (?:als|wanneer) (?:ze|hij|zij|we|wij)\b",
    r"\b(?:better|bigger|more|greater) chance\b(?: \w+){0,8} if (?:she|he|they|we)\b",
    r"\bwie (?:van ons|van beiden|van ons tweeen) (?:heeft )?gelijk\b", r"\bwhich (?:one )?of us is right\b", r"\bwho is right\b",
    r"\b(?:gevaarlijk|riskant|te riskant|slecht|dangerous|risky|too risky|bad|unsafe) (?:voor|for) (?:hem|haar|him|her)\b",
    r"\bof is (?:dat|het) (?:te )?(?:riskant|gevaarlijk|slecht|verstandig|een slecht idee)\b",
    r"\bor is (?:that|it|this) (?:a )?(?:bad idea|too risky|dangerous|risky|unsafe|silly|stupid)\b",
    r"\b(?:zou|zouden) (?:u|jij|je|jullie) het\b(?: \w+){0,6} (?:proberen|wagen|riskeren)\b",
    r"\b(?:we|wij|ik)\b(?: \w+){0,4} beter (?:kunnen|kan|moeten|moet|zouden|zou)\b",
    r"\b(?:veilig|safe) (?:voor|for) (?:onze|ons|mijn|hem|haar|our|my|him|her)\b",
    r"\bmoeten (?:we|wij)\b(?: \w+){0,3} (?:zeggen|vragen|eisen) dat\b",
    r"\b(?:you|u|jij) (?:would )?(?:recommend|advise|aanraden|aanbeveelt|adviseert)\b",
    r"\b(?:good|right|best|better|wise) (?:choice|option|idea|thing) for (?:my|our|him|her|them|us)\b",
    r"\b(?:it|that|this) would be (?:\w+ )?(?:wise|better|best|sensible|a good idea|safe)\b",
    r"\b(?:is it|would it be|or is that|is that) (?:a )?(?:bad|good|terrible) idea\b",
    r"\bis it (?:\w+ )?(?:ok|okay|alright|all right|fine|safe|allowed) (?:if |for |that )?(?:my|our|him|her|she|he|they)\b",
    r"\b(?:shouldnt|should not|must not|mustnt) (?:have|take|get|join|do|start)\b",
    r"\bor (?:is|will) (?:she|he|they|it) (?:be )?(?:fine|ok|okay|safe|alright)\b",
    r"\b(?:mess|interfere|interact) with (?:her|his|their|the) (?:drip )?(?:meds|medicine|medication|treatment|drug)\b",
    rf"\b(?:{_REMEDY})\b(?: [\w']+){{0,10}} (?:can|could|may|mag|mogen|kan|kunnen|is it (?:ok|okay|safe|fine))\b",
    r"\bhow likely is it that (?:my|our|he|she|they)\b", r"\b(?:hoe groot is de kans|wat is de kans) dat (?:mijn|ons|onze|hij|zij|ze)\b",
    r"\b(?:would|will|is) (?:that|it|this) be (?:a )?(?:mistake|wrong)\b", r"\b(?:een fout|een vergissing) (?:zijn|is)\b",
    r"^(?:right|best|good|safe|goed|veilig|beter) (?:for|voor) \w+$", r"\bwat (?:u|jij|je) denkt\b",
    r"\bwat (?:denkt|vindt) (?:u|jij)(?: ervan)?$", r"\bwhat do you (?:think|reckon)$",
    # more of the forms people use (tuning writer L): Dutch
    r"\bwat (?:ik|we|wij) (?:moet|moeten) (?:kiezen|doen)\b", r"\bin (?:mijn|onze) (?:plaats|schoenen)\b",
    r"\b(?:moeten|moet) (?:ze|zij|hij|mijn ouders|mijn \w+)\b(?: \w+){0,3} (?:ja|nee) zeggen\b",
    r"\b(?:kan|kunnen) (?:ik|we|wij)\b(?: \w+){0,6} beter\b", r"\bkunnen (?:we|wij|ik) dat (?:wel )?maken\b",
    r"\bwaar (?:moet|moeten) (?:ik|we|wij) op (?:vertrouwen|afgaan)\b",
    r"\b(?:mijn|ons|op) (?:\w+ )?gevoel\b(?: \w+){0,3} (?:vertrouwen|afgaan|volgen)\b",
    r"\bniet beter\b(?: \w+){0,3} (?:stoppen|wachten|doorgaan|beginnen|starten)\b",
    r"\bbeter (?:stoppen|wachten|thuislaten|thuis laten|laten rusten)\b", r"\bniet handig\b", r"\bin de steek\b",
    r"\b(?:over te halen|overhalen|ompraten)\b", r"\b(?:moeten|kunnen|mogen|moet|kan) (?:we|wij|ik)\b(?: \w+){0,4} aandoen\b",
    r"\bmoet (?:ik|we)\b(?: \w+){0,3} vragen om\b",
    r"\b(?:tekenen|meedoen|doorgaan|stoppen|ja zeggen) of (?:weigeren|niet|stoppen|doorgaan|nee zeggen)\b",
    r"\b(?:tekort ?doen|doen (?:we|wij) (?:ons|onze|haar|hem) (?:\w+ )?tekort)\b",
    r"\bis het (?:\w+ ){0,9}(?:beter|verstandiger|slimmer) om\b", r"\bwat is\b(?: \w+){0,4} wijsheid\b",
    r"\b(?:zou|zouden) (?:jij|u|je|jullie)\b(?: \w+){0,4} (?:geven|starten|beginnen|stoppen|wachten)\b",
    r"\bheeft het (?:nog )?zin om\b",
    r"\b(?:mag|kan|kun|moet) (?:ik|ze|hij|zij|mijn \w+|ons \w+|onze \w+)\b(?: \w+){0,14} naast (?:dat|dit|het|de|die) (?:medicijn|middel|anakinra|studiemedicijn)\b",
    # English
    r"\b(?:join|sign|take part|participate|enrol|enroll|do it|go for it|agree|say yes)\b(?: \w+){0,2} or not\b",
    r"\b(?:someone|somebody) to tell (?:me|us)\b", r"\bgood enough reason\b",
    r"\b(?:i|we) must (?:ask|tell|stop|say|sign|take|let)\b", r"\bmust (?:i|we)\b",
    r"\bworth (?:signing|joining|doing|trying|taking part|the risk)\b",
    r"\bwhat (?:do|should|shall) (?:i|we) (?:tell|say to) (?:them|him|her|my \w+)\b",
    r"\b(?:letting|let) (?:\w+ ){0,3}down\b",
    r"\b(?:can|should|could) (?:we|i) ask (?:them|the (?:doctors?|team|nurses?|docs))\b(?: \w+){0,2} (?:to )?(?:stop|change|pause|start|give|switch)\b",
    r"\bwould you (?:risk|chance|try) it\b", r"\bwould you be (?:happy|comfortable|ok|okay) (?:giving|with|to)\b",
    r"\bwho (?:should |do )?(?:i|we) (?:listen to|listen|believe|trust)\b",
    r"\bis it (?:\w+ )?(?:ok|okay|alright|fine) to (?:\w+ )?(?:say no|decline|refuse|stop|say yes)\b",
    r"\bdo (?:u|ya) think\b", r"\bmore harm than good\b", r"\bis better (?:he|she|we|i|to)\b",
    r"(?<!whom )(?<!who )(?<!where )(?<!when )(?<!what )\bought (?:i|we) to\b(?! (?:contact|speak|talk|ask|call|ring)\b)", r"\btake (?:\w+ )?side\b", r"\bis it (?:dumb|stupid|silly|wrong|selfish|bad) to\b",
    r"\bwhat (?:youd|you would|would you) (?:go for|pick|choose|do)\b",
    r"\bis (?:t|het) (?:\w+ )?(?:beter|verstandiger|slimmer|veiliger) om\b", r"\b(?:u|jij|je) denkt\b(?: \w+){0,6} goed voor\b",
    r"\b(?:beter|veiliger|het beste|het veiligst\w*) voor (?:mijn|ons|onze) (?:kind|zoon|dochter|zoontje|dochtertje|kleinzoon|kleindochter|broertje|zusje)\b",
    r"\b(?:moet|moeten|zal|zullen) (?:ik|we|wij)\b(?: \w+){0,5} (?:overhalen|overtuigen|dwingen|pushen)\b",
    r"\b(?:should|shall|do) (?:i|we)\b(?: \w+){0,4} (?:persuade|convince|push|force|talk \w+ into)\b",
    r"\b(?:uw|jouw|je) (?:\w+ )?(?:advies|mening)\b", r"\bwelke (?:keuze|optie|beslissing)\b",
    r"\bworth (?:it|the risk) for (?:us|him|her|them|my|our)\b", r"\bwhose side\b",
    r"\bdo you think\b(?: \w+){0,5} (?:will|would|could|can) (?:help|work|cure|save)\b",
    r"\bis it (?:\w+ )?(?:bettr|beter|safer|wiser) to\b", r"\bwhat (?:should|shall) (?:they|he|she|my parents) do\b",
    r"\b(?:cant|can not|cannot|dont know how to|do not know how to|can't) decide\b",
    r"\bkunnen (?:\w+ )?(?:niet|geen) (?:kiezen|beslissen)\b", r"\bif (?:it|this|he|she) (?:was|were) (?:your|you)\b",
    r"\bals (?:het|hij|zij|ze) (?:uw|jouw|je) (?:eigen )?\w+ (?:was|is|zou zijn)\b",
    r"\bis (?:het|dit|anakinra) (?:\w+ )?(?:goed|geschikt|het beste) voor (?:mijn|hem|haar|ons|onze)\b",
    # asked of the person at the other end: "zou u het doen", "wat zou u kiezen", "acht u het verstandig"
    r"\b(?:zou|zouden) (?:u|jij|je|jullie)\b(?: \w+){0,9} (?:doen|kiezen|meedoen|mee laten doen|laten meedoen|tekenen|ja zeggen|nee zeggen|toestemming geven)\b",
    r"\bwat (?:zou|zouden) (?:u|jij|je|jullie) (?:\w+ )?(?:kiezen|doen|beslissen)\b", r"\bacht u (?:het|dat|dit)\b",
    r"\b(?:vindt|vind) (?:u|jij|je) (?:het|dat)\b(?: \w+){0,8} (?:moet|moeten|moeten we|beter|verstandig|goed idee|laten doen|aandoen)\b",
    # "meedoen of niet", "wel of niet meedoen", "is het voor mijn zoon beter om …", "wat is beter voor …"
    r"\b(?:wel )?meedoen of (?:niet|nee)\b", r"\bwel of niet (?:meedoen|mee laten doen|tekenen)\b",
    r"\bwat is (?:het )?beter (?:voor|om)\b",  # "is het … beter om": {0,9} words, below
    r"\bkan (?:ze|hij|zij) (?:\w+ ){0,3}beter\b",
    # "mag ze paracetamol naast de anakinra", "mag ik hem ibuprofen geven naast …"
    r"\b(?:mag|kan|kun|moet) (?:ik|ze|hij|zij|mijn \w+|ons \w+|onze \w+)\b(?: \w+){0,8} naast\b",
    # English: "would you put your own kid in this", "join or not", "in our shoes", "can I give it together with"
    r"\bwould you (?:\w+ ){0,3}(?:put|let|sign|enrol|enroll|do|join|choose|take part|go for|agree|start|begin|wait|give|use)\b",
    r"\bin (?:her|his|their|our) (?:case|situation)\b",
    r"\b(?:join|sign up|sign|take part|participate|enrol|enroll|do it) or not\b", r"\bin (?:my|our) shoes\b",
    r"\bdo you think (?:my|her|his|our|he|she|they|it)\b(?: \w+){0,5} (?:cope|handle|survive|should|better|safe|worth|manage)\b",
    r"\b(?:give|take|have)\b(?: \w+){0,8} (?:together with|alongside|along with|next to|at the same time as) (?:the |this |that |his |her )?(?:anakinra|study|trial|medicine|drug)\b",
    r"\bwhat is better for (?:my|our|him|her)\b",
    r"\b(?:would|will|is|could) (?:\w+ ){0,2}(?:be )?(?:a |the )?(?:better|best|right) (?:choice|option|idea) for (?:my|our|him|her|them)\b",
    r"\bor (?:is it )?better (?:to )?(?:not|stop|wait|leave)\b", r"\bor better not\b",
    r"\b(?:do )?you think (?:it )?(?:is|its) (?:good|better|best|wise|safe|right) for (?:my|our|him|her)\b",
    r"\bbeter (?:wij|we|ik|zij|ze) (?:stoppen|doen|meedoen|wachten|nee)\b", r"\bof (?:kan|kunnen) (?:ik|we|wij|ze|hij) (?:dat |het )?beter\b",
)


def hypothetical(text: str) -> bool:
    """A question about what could happen ("what if…", "can anakinra cause…", "wordt hij er suf
    van?"), not a report of what is happening now."""
    norm = _LOOKALIKES.sub(" ", normalise(text))
    if _CONDITIONAL.search(norm) or _EFFECT.search(norm):
        return not _STRONG_NOW.search(norm)
    return bool(_HYPOTHETICAL.search(norm)) and not _NOW.search(norm)


def classify(text: str) -> str | None:
    """`emergency`, `medical_advice`, or None for a question that may be answered normally."""
    norm = normalise(text)
    if not norm:
        return None
    cleaned = _LOOKALIKES.sub(" ", norm)
    if _EMERGENCY.search(cleaned) and not hypothetical(text):
        return EMERGENCY
    if _MEDICAL_ADVICE.search(norm):
        return MEDICAL_ADVICE
    return None
