"""Explainable classification of peer challenge recommendations into topics and LGA core themes.

Why rules and not a trained model: there are only a few hundred hand-labelled recommendations, the
vocabulary of peer challenge reports is small and formulaic, and a dashboard user must be able to see
*why* a recommendation was put under a heading. Every label therefore carries the words of the
recommendation that led to it (``Classification.evidence``), and every rule is a readable, weighted
regular expression in one of two constants below:

* :data:`TOPIC_KEYWORDS` maps each topic to weighted patterns (words, stems and phrases);
* :data:`THEME_RULES` maps each LGA core theme to its own weighted patterns plus *priors*: how much a
  topic's score counts towards the theme (staff engagement leans to "Capacity for improvement", a
  governance review to "Governance and culture").

Patterns are regex fragments wrapped in word boundaries and matched case-insensitively. A space in a
pattern matches any run of spaces or hyphens ("decision making" = "decision-making") and " ?" an
optional one ("co ?produce" = "coproduce" = "co-produce"); stems end in ``\\w*``; British and American
spellings are both written in (``organi[sz]ation``, ``behaviou?r``, ``moderni[sz]\\w*``).
Words in a recommendation's title count :data:`TITLE_WEIGHT` times as much as words in its body,
because the title is the peer team's headline and the body often wanders into neighbouring topics.

The topic taxonomy (refined from the King's Lynn, North West Leicestershire, Leeds, Bury and other
councils' recommendations):

* **community engagement** - how the council listens to, consults and co-produces with residents,
  customers and communities (engagement strategies, resident surveys, consultation).
* **staff engagement and internal communication** - two-way conversation with staff: internal comms,
  staff surveys, roadshows, the intranet, feeding back to employees.
* **culture, values and behaviours** - the organisation's culture, shared values, expected behaviours,
  trust and openness, "one council" ways of working.
* **workforce, wellbeing and recruitment** - the people strategy: recruitment and retention, staff
  wellbeing and burnout, training, appraisal, pay, the working environment.
* **equality, diversity and inclusion** - EDI as employer and service provider: champions, training,
  under-represented groups, equality impact assessments.
* **transformation and digital** - changing how the council works: transformation programmes, digital
  and ICT, process redesign, customer services, programme and project delivery.
* **financial sustainability and savings** - the budget and medium-term financial strategy, savings,
  income, reserves, fees and charges, commercial activity and financial management.
* **governance, risk and scrutiny** - decision-making arrangements, the constitution, scrutiny, risk
  management, audit and assurance, procurement controls, elections cycle.
* **performance management and data** - measures, KPIs and performance frameworks, data and business
  intelligence, benchmarking, monitoring and reporting.
* **partnerships and place leadership** - working with partners (health, VCS, anchors, other councils,
  combined authorities), influence regionally and nationally, leading the place.
* **member–officer relations and political leadership** - councillors' roles, member development,
  relations between councillors and officers, the Cabinet, the Leader and the political group(s).
* **priorities and strategy** - the corporate plan, vision and priorities, prioritising and stopping
  things, the strategic framework and the pace of delivery.
* **housing** - housing services and the landlord role: repairs, tenants, homelessness, affordable homes.
* **regeneration and growth** - economic development, regeneration programmes, town centres, the local
  plan and planning, transport and large developments.
* **locality working** - neighbourhood and place-based working inside the council's area: localities,
  community committees and hubs, parish and town councils, strengths-based approaches.
* **children's and adults' services** - social care for children and adults, SEND, safeguarding,
  health and care integration, schools and education.
* **communications and reputation** - external communications: telling the council's story, its
  narrative, brand, profile and media.
* **senior management and organisational capacity** - the top team and management structure: SLT/CLT
  focus, empowering and delegating to managers, organisational design, capacity and resilience.
* **climate and environment** - net zero and climate change, carbon reduction, the natural environment
  and environmental services.

The public API is :func:`classify` (one text in, a :class:`Classification` out) and :func:`agreement`
(how well predicted themes match hand labels). Nothing here imports Streamlit; the dashboard calls it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

from loaders.constants import LGA_THEMES

# --------------------------------------------------------------------------------------------------
# Taxonomy
# --------------------------------------------------------------------------------------------------

COMMUNITY = "community engagement"
STAFF = "staff engagement and internal communication"
CULTURE = "culture, values and behaviours"
WORKFORCE = "workforce, wellbeing and recruitment"
EDI = "equality, diversity and inclusion"
TRANSFORMATION = "transformation and digital"
FINANCE = "financial sustainability and savings"
GOVERNANCE = "governance, risk and scrutiny"
PERFORMANCE = "performance management and data"
PARTNERSHIPS = "partnerships and place leadership"
MEMBERS = "member–officer relations and political leadership"
PRIORITIES = "priorities and strategy"
HOUSING = "housing"
REGENERATION = "regeneration and growth"
LOCALITY = "locality working"
CARE = "children's and adults' services"
COMMUNICATIONS = "communications and reputation"
MANAGEMENT = "senior management and organisational capacity"
CLIMATE = "climate and environment"

#: One-line definition of every topic, in display order (the module docstring repeats them).
TOPIC_DEFINITIONS: dict[str, str] = {
    COMMUNITY: "How the council listens to, consults and co-produces with residents and communities.",
    STAFF: "Two-way conversation with staff: internal communications, staff surveys, roadshows, intranet.",
    CULTURE: "Organisational culture, shared values and behaviours, trust and openness.",
    WORKFORCE: "People strategy: recruitment, retention, wellbeing, training, appraisal, workplace.",
    EDI: "Equality, diversity and inclusion as employer and service provider.",
    TRANSFORMATION: "Changing how the council works: transformation, digital and ICT, process redesign.",
    FINANCE: "Budget and medium-term financial strategy, savings, income, reserves, financial management.",
    GOVERNANCE: "Decision-making arrangements, constitution, scrutiny, risk management, audit and assurance.",
    PERFORMANCE: "Performance measures and frameworks, data and business intelligence, benchmarking.",
    PARTNERSHIPS: "Working with partners and other councils, regional and national influence.",
    MEMBERS: "Councillors' roles and development, member-officer relations, political leadership.",
    PRIORITIES: "Corporate plan, vision and priorities, prioritisation and the pace of delivery.",
    HOUSING: "Housing services and the landlord role: repairs, tenants, homelessness, affordable homes.",
    REGENERATION: "Economic development, regeneration, town centres, local plan and planning, transport.",
    LOCALITY: "Neighbourhood and place-based working: localities, community committees, parishes.",
    CARE: "Children's and adults' social care, SEND, safeguarding, health and care integration, schools.",
    COMMUNICATIONS: "External communications: telling the council's story, narrative, brand and profile.",
    MANAGEMENT: "Top team and management structure: SLT focus, empowering managers, capacity, resilience.",
    CLIMATE: "Net zero and climate change, carbon reduction and the natural environment.",
}

#: The taxonomy, in display order.
TOPICS: tuple[str, ...] = tuple(TOPIC_DEFINITIONS)

(PRIORITIES_THEME, LEADERSHIP_THEME, GOVERNANCE_THEME, FINANCE_THEME, CAPACITY_THEME) = LGA_THEMES

# --------------------------------------------------------------------------------------------------
# Rules
# --------------------------------------------------------------------------------------------------

#: A weighted pattern: a regex fragment (see the module docstring) and how much one match counts.
Rule = tuple[str, float]

#: Topic -> weighted patterns. Weights: 3 a defining phrase, 2 a specific word, 1 a supporting word,
#: 0.5 a word that only hints. Acronyms that collide with English words are matched case-sensitively
#: (``(?-i:...)``), and ``[’']`` accepts the straight and curly apostrophes both found in the sources.
TOPIC_KEYWORDS: dict[str, tuple[Rule, ...]] = {
    COMMUNITY: (
        (r"(?:community|customer|public|resident|citizen) (?:engagement|involvement|consultation)", 3.0),
        (
            r"engag\w* (?:and consult\w* )?(?:more )?with (?:local )?(?:residents|communit\w*|citizens|"
            r"customers|the public)",
            3.0,
        ),
        (r"listen\w* to (?:residents|communit\w*|customers|citizens)", 3.0),
        (r"resident\w*[’']? surveys?", 3.0),
        (r"consult(?!an)\w*", 2.0),
        (r"co ?produc\w*", 2.0),
        (r"co ?design\w*", 1.5),
        (r"engagement (?:strategy|charter|framework)", 1.5),
        (r"residents?", 1.0),
        (r"communit(?:y|ies)", 1.0),
        (r"citizens?", 1.0),
        (r"customers?", 1.0),
        (r"complaints?", 1.0),
        (r"(?:public|resident|citizen|community) voice", 2.0),
        (r"engag\w*", 0.5),
    ),
    STAFF: (
        (r"(?:staff|employee|workforce) (?:engagement|voice|consultation|forums?)", 3.0),
        (r"engag\w* (?:more )?with (?:staff|employees|colleagues|the workforce)", 3.0),
        (r"(?:listen|talk)\w* (?:and listen\w* )?to (?:staff|employees|colleagues)", 3.0),
        (r"(?:communicat\w*|feedback|information) (?:with|to) (?:staff|employees|colleagues)", 3.0),
        (r"internal(?:ly)? comm\w*", 3.0),
        (r"(?:staff|employee|pulse)(?: opinion| engagement)? surveys?", 3.0),
        (r"communicat\w* (?:\w+ ){0,3}internally", 2.0),
        (r"intranet", 2.0),
        (r"two way", 2.0),
        (r"roadshows?", 2.0),
        (r"channels?", 1.0),
        (r"staff", 1.0),
        (r"employees?", 1.0),
        (r"learning organi[sz]ation", 1.0),
    ),
    CULTURE: (
        (r"(?:organi[sz]ational|workplace|corporate|council|positive) culture", 3.0),
        (r"culture (?:change|and values|and behaviou?rs?)", 3.0),
        (r"values (?:and|&) behaviou?rs?", 3.0),
        (r"behaviou?r change", 3.0),
        (r"cultur(?:e|al)", 2.0),
        (r"values", 2.0),
        (r"behaviou?rs?", 2.0),
        (r"trust", 2.0),
        (r"openness", 2.0),
        (r"one (?:council|team|organi[sz]ation)", 2.0),
        (r"respect\w*", 1.0),
        (r"compassion\w*", 1.0),
        (r"honest\w*", 1.0),
        (r"ways of working", 1.0),
        (r"collegiate", 1.0),
    ),
    WORKFORCE: (
        (r"(?:people|workforce|hr|recruitment) (?:strategy|plan)", 3.0),
        (r"organi[sz]ational development|(?-i:OD) (?:strategy|programme|plan)", 3.0),
        (r"recruitment and retention", 3.0),
        (r"burn ?outs?", 3.0),
        (r"(?:staff|employee) (?:wellbeing|well being|health)", 3.0),
        (r"workforce", 2.0),
        (r"well ?being", 2.0),
        (r"recruit\w*", 2.0),
        (r"retention|retain\w*", 2.0),
        (r"apprentice\w*", 2.0),
        (r"(?<!options\s)(?<!option\s)appraisals?", 2.0),
        (r"(?:learning|management|manager|leadership|career|personal) (?:and )?development", 2.0),
        (r"human resources", 2.0),
        (r"(?-i:HR)", 1.5),
        (r"pay (?:and|&) grading|job evaluation|succession planning", 2.0),
        (r"working (?:environment|arrangements|conditions)|office accommodation|flexible working", 2.0),
        (r"mental health", 1.0),
        (r"training", 1.0),
        (r"skills?", 1.0),
        (r"upskill\w*", 1.0),
        (r"absence|sickness", 1.0),
        (r"stretched", 1.0),
        (r"employees?", 0.5),
        (r"staff", 0.5),
    ),
    EDI: (
        (r"(?-i:EDI|ED&I|DEI)", 3.0),
        (r"equalit(?:y|ies)(?:,)? diversity", 3.0),
        (r"equality impact assessments?", 3.0),
        (r"equalit(?:y|ies)", 2.0),
        (r"diversity|diverse", 2.0),
        (r"inclusion", 2.0),
        (r"under ?represent\w*", 2.0),
        (r"protected characteristics?", 2.0),
        (r"discriminat\w*", 2.0),
        (r"anti ?racis\w*|racism|race", 1.5),
        (r"disab\w*", 1.0),
        (r"inequalit\w*", 1.0),
    ),
    TRANSFORMATION: (
        (r"transformation (?:programme|program|plan|strategy|agenda)", 3.0),
        (r"digital (?:transformation|strategy|vision|by default)", 3.0),
        (r"process (?:mapping|review|redesign|improvement)", 3.0),
        (r"transform\w*", 2.0),
        (r"digit(?:al|ali[sz]\w*)", 2.0),
        (r"(?-i:ICT|IT)|information technology", 2.0),
        (r"technolog\w*", 2.0),
        (r"automat\w*", 2.0),
        (r"moderni[sz]\w*", 2.0),
        (r"re ?design\w*|re ?engineer\w*", 1.5),
        (r"(?:programme|project) (?:management|delivery|office)", 1.5),
        (r"change (?:programme|management|agenda)", 1.5),
        (r"user (?:centred |centered |centric )?design", 2.0),
        (r"customer (?:services?|contact|experience)", 1.5),
        (r"alternative (?:delivery )?models?", 1.5),
        (r"fit for the future", 1.5),
        (r"(?:getting |get )?the basics right|better at the basics", 1.5),
        (r"processes", 1.0),
        (r"systems?", 1.0),
        (r"software|website|online", 1.0),
        (r"efficien\w*", 1.0),
        (r"productiv\w*", 1.0),
        (r"innovat\w*", 1.0),
    ),
    FINANCE: (
        (r"medium term financial (?:strategy|plan)|(?-i:MTFS|MTFP)", 3.0),
        (r"(?:budget|funding) gaps?|balanced budget", 3.0),
        (r"financial (?:sustainability|resilience|management|planning|position|strategy|outcomes)", 3.0),
        (r"(?:revenue|cost|budget|efficiency) savings", 3.0),
        (r"income generation|fees and charges", 3.0),
        (r"(?:commercial\w*|investment|income|capital|treasury|procurement|reserves) strateg(?:y|ies)", 3.0),
        (r"financ\w*", 2.0),
        (r"budget\w*", 2.0),
        (r"savings?", 2.0),
        (r"reserves", 2.0),
        (r"headroom", 2.0),
        (r"deficit", 2.0),
        (r"value for money", 2.0),
        (r"council tax|business rates", 2.0),
        (r"treasury|capital programme", 2.0),
        (r"accounts", 1.5),
        (r"propert(?:y|ies)|asset management|disposals?", 1.5),
        (r"revenue", 1.5),
        (r"income", 1.5),
        (r"commerciali[sz]\w*|commercial", 1.5),
        (r"costs?|costings?|costed", 1.0),
        (r"fees|charges", 1.0),
        (r"spend\w*", 1.0),
        (r"funding|funded", 1.0),
        (r"transactions?", 1.0),
        (r"contracts?", 1.0),
        (r"grants?", 1.0),
        (r"commissioning", 0.5),
        (r"invest\w*", 0.5),
    ),
    GOVERNANCE: (
        (r"annual governance statement|risk register|risk management|risk appetite", 3.0),
        (r"governance (?:review|arrangements|framework)", 1.5),
        (r"(?:overview and )?scrutiny", 3.0),
        (r"governance", 3.0),
        (r"constitution\w*", 2.0),
        (r"decision ?making|decision makers?", 2.0),
        (r"audit\w*", 2.0),
        (r"assurance", 1.5),
        (r"risks?", 1.5),
        (r"transparen\w*", 1.5),
        (r"scheme of delegation", 2.0),
        (r"(?:whole council |all out |four yearly )?elections?", 2.0),
        (r"oversight", 1.5),
        (r"procurement", 1.0),
        (r"accountab\w*", 1.0),
        (r"compliance|compliant", 1.0),
        (r"decisions?", 1.0),
        (r"committees?|panels?", 1.0),
        (r"standards", 1.0),
        (r"monitoring officer|statutory officers?", 1.5),
        (r"meetings?", 0.5),
        (r"policies|policy", 0.5),
    ),
    PERFORMANCE: (
        (r"performance (?:management|measures?|indicators?|framework|report\w*|data|monitoring)", 3.0),
        (r"(?-i:KPIs?)|key performance indicators?", 3.0),
        (r"business intelligence|data (?:and|&) (?:insight|intelligence)", 3.0),
        (r"performance", 2.0),
        (r"data", 2.0),
        (r"benchmark\w*", 2.0),
        (r"dashboards?", 2.0),
        (r"metrics?", 2.0),
        (r"evidence ?based", 2.0),
        (r"measur\w*", 1.0),
        (r"indicators?", 1.0),
        (r"monitor\w*", 1.0),
        (r"targets?", 1.0),
        (r"intelligence|insights?|analytic\w*|analysis", 1.0),
        (r"continuous improvement", 1.0),
        (r"right information|information", 0.5),
        (r"report(?:ing|s)?", 0.5),
    ),
    PARTNERSHIPS: (
        (r"partnership working|work\w* (?:in partnership|with partners|collaboratively)", 3.0),
        (r"place (?:leadership|shaping|leader)", 3.0),
        (r"(?:mayoral )?combined authorit\w*|devolution|(?-i:WYCA|GMCA)", 3.0),
        (r"(?<!business\s)partner\w*", 2.0),
        (r"anchors?(?: institutions?| networks?)?", 2.0),
        (r"voluntary (?:and )?(?:community )?sector|third sector|(?-i:VCSE?|VCFS)", 2.0),
        (r"local government reorgani[sz]ation|(?-i:LGR)", 2.0),
        (r"(?:county|district|neighbouring|other|town and parish|parish) councils?", 1.5),
        (r"stakeholders?", 1.5),
        (r"region\w*|sub ?regional", 1.5),
        (r"lobby\w*|campaign\w*", 1.5),
        (r"influenc\w*", 1.5),
        (r"system (?:leadership|wide)", 1.5),
        (r"shared (?:outcomes|priorities|goals)", 1.5),
        (r"freeport|national park", 1.5),
        (r"(?-i:NHS|CCG|ICB|ICS)|integrated care", 1.0),
        (r"collaborat\w*", 1.0),
        (r"national(?:ly)?|whitehall|government", 0.5),
        (r"businesses", 0.5),
    ),
    MEMBERS: (
        (r"member ?(?:/|and|&)? ?officer (?:relations\w*|working|protocol)", 3.0),
        (r"councillors and (?:between )?(?:councillors and )?officers", 3.0),
        (r"officers and (?:councillors|members)", 3.0),
        (r"member (?:development|training|induction|support|enquiries|champions?)", 3.0),
        (r"political (?:leadership|leaders|groups?|management)", 3.0),
        (r"(?:elected|cabinet|executive|ward) members?", 3.0),
        (r"portfolio holders?|cabinet members?", 2.0),
        (r"councillors?|cllrs?", 2.0),
        (r"politic\w*", 2.0),
        (r"cabinet", 1.5),
        (r"the alliance|administration|coalition|opposition", 1.5),
        (r"top team", 1.5),
        (r"mayor(?:[’']s)?", 1.5),
        (r"leader(?:[’']s)?", 1.0),
        (r"roles? and responsibilit\w*", 1.0),
        (r"members", 1.0),
        (r"officers", 0.5),
    ),
    PRIORITIES: (
        (r"(?:corporate|council|delivery|strategic) plan", 3.0),
        (r"(?:corporate|council|strategic|key|top|clear) priorities", 3.0),
        (r"strategic (?:direction|framework|vision)", 3.0),
        (r"priorit\w*", 2.0),
        (r"vision", 2.0),
        (r"stop\w* (?:doing )?things", 2.0),
        (r"corporate strategy", 2.0),
        (r"ambitio\w*", 1.5),
        (r"direction of travel|pace of (?:activity|change|delivery)", 1.5),
        (r"outcomes?", 1.0),
        (r"objectives?", 1.0),
        (r"timelines?", 1.0),
        (r"strateg\w*", 1.0),
        (r"focus\w*", 0.5),
    ),
    HOUSING: (
        (r"housing (?:repairs|services?|revenue account|strategy|improvement)", 3.0),
        (r"housing", 3.0),
        (r"affordable homes|social housing|council homes", 3.0),
        (r"tenan\w*", 2.0),
        (r"landlords?", 2.0),
        (r"homeless\w*|temporary accommodation", 2.0),
        (r"repairs?", 2.0),
        (r"(?-i:HRA)", 2.0),
        (r"damp|mould|mold", 1.5),
        (r"homes", 1.5),
        (r"estates?", 0.5),
    ),
    REGENERATION: (
        (r"regenerat\w*", 3.0),
        (r"economic (?:development|growth|strategy)|inclusive growth|inward investment", 3.0),
        (r"town centres?|high streets?|garden (?:town|village|communities)|levelling up", 3.0),
        (r"local plan", 3.0),
        (r"growth", 2.0),
        (r"econom\w*", 2.0),
        (r"(?:large ?scale |major )?developments", 1.5),
        (r"place ?making", 2.0),
        (r"brownfield", 2.0),
        (r"planning (?:applications?|services?|policy|permissions?)|spatial planning", 2.0),
        (r"transport|infrastructure", 1.5),
        (r"tourism|visitor economy", 1.5),
        (r"businesses|business", 1.0),
        (r"freeport", 1.0),
        (r"jobs|employment|skills strategy", 1.0),
        (r"planning", 0.5),
    ),
    LOCALITY: (
        (r"locality (?:working|model|arrangements|plans?)|community committees?|area committees?", 3.0),
        (r"localit\w*", 3.0),
        (r"neighbourhood\w*|neighborhood\w*", 2.0),
        (r"place ?based", 2.0),
        (r"community hubs?|family hubs?", 2.0),
        (r"strengths? ?based|asset ?based", 2.0),
        (r"town and parish|parish\w*", 2.0),
        (r"community development", 1.5),
        (r"locally based|local (?:areas?|delivery)|area based", 1.5),
        (r"geograph\w*", 1.5),
        (r"wards?", 1.0),
        (r"deprivation", 1.0),
    ),
    CARE: (
        (r"children[’']?s (?:services|social care)|children and (?:families|young people)", 3.0),
        (r"adult(?:s|s[’'])? (?:social care|services|and health)|social care", 3.0),
        (r"(?-i:SEND)|special educational needs|(?-i:EHCPs?|DSG)|dedicated schools grant", 3.0),
        (r"health and (?:social )?care|public health|home care|domiciliary care", 2.0),
        (r"children", 2.0),
        (r"safeguard\w*", 2.0),
        (r"social work\w*", 2.0),
        (r"(?-i:Ofsted|OFSTED|CQC)", 2.0),
        (r"looked after|care leavers?|care homes?|carers?", 1.5),
        (r"young people|youth", 1.5),
        (r"schools?|education", 1.5),
        (r"families", 1.0),
        (r"commissioning", 1.0),
        (r"older people|vulnerable", 1.0),
        (r"macalister", 2.0),
    ),
    COMMUNICATIONS: (
        (r"tell\w* (?:the|your|our|its) story", 3.0),
        (r"(?:external|corporate) communications?|communications (?:strategy|plan|team)", 3.0),
        (r"reputation\w*|brand\w*", 2.0),
        (r"social media|media|press", 1.5),
        (r"narrative", 1.5),
        (r"profile", 1.5),
        (r"communicat\w*|comms", 1.5),
        (r"promot\w*", 1.0),
        (r"messag\w*", 1.0),
        (r"story|successes", 1.0),
    ),
    MANAGEMENT: (
        (r"(?:senior|corporate|executive) (?:leadership|management) teams?|management teams?", 3.0),
        (r"organi[sz]ation(?:al)? (?:design|structure|capacity)|senior (?:leadership )?resilience", 3.0),
        (r"empower\w* (?:\w+ )?(?:managers|staff|officers)", 3.0),
        (r"(?-i:SLT|CLT|EMT|CMT|SMT|JET|ELT)", 2.0),
        (r"senior (?:leaders|leadership|managers|management|officers)", 2.0),
        (r"middle managers?", 2.0),
        (r"managerial", 2.0),
        (r"capacity", 2.0),
        (r"corporate core", 2.0),
        (r"empower\w*", 1.5),
        (r"structures?|restructur\w*", 1.5),
        (r"chief executive|strategic directors?|directors?", 1.0),
        (r"delegat\w*", 1.0),
        (r"interim|vacanc\w*", 1.0),
        (r"strategic issues", 1.5),
        (r"managers?", 1.0),
        (r"resilien\w*", 1.0),
        (r"leadership", 0.5),
    ),
    CLIMATE: (
        (r"climate (?:change|emergency|action)|net ?zero|zero carbon|carbon neutral\w*", 3.0),
        (r"decarboni[sz]\w*|emissions", 3.0),
        (r"climate|carbon", 2.0),
        (r"biodiversity|nature recovery", 2.0),
        (r"(?<!working\s)environment(?:al)?", 1.0),
        (r"green", 1.0),
        (r"waste|recycling", 1.0),
        (r"energy", 1.0),
    ),
}


@dataclass(frozen=True)
class ThemeRule:
    """How one LGA core theme is scored: its own patterns plus priors over topics.

    ``priors[topic]`` is the share of that topic's score that counts towards the theme. Priors carry
    most of the weight because the themes are broad headings; the theme's own patterns catch words that
    name the heading directly ("governance", "capacity", "leadership").
    """

    patterns: tuple[Rule, ...]
    priors: Mapping[str, float] = field(default_factory=dict)


#: LGA theme -> own weighted patterns and topic priors. Priors start from where the LGA's own
#: descriptions of the five themes (quoted in the seeds) put each subject, adjusted topic by topic to
#: where the hand labels in data/plans put them (performance management, for instance, is labelled
#: under capacity and governance more often than under priorities).
THEME_RULES: dict[str, ThemeRule] = {
    PRIORITIES_THEME: ThemeRule(
        patterns=(
            (r"priorit\w*", 1.5),
            (r"outcomes?", 1.5),
            (r"inequalit\w*|poverty|deprivation|disadvantag\w*", 1.5),
            (r"service (?:delivery|provision|users?|standards?)|quality of (?:life|services?)", 1.0),
            (r"corporate plan|council plan|vision|ambitio\w*", 1.0),
            (r"residents?", 0.5),
        ),
        priors={
            PRIORITIES: 1.0,
            PERFORMANCE: 0.6,
            HOUSING: 0.9,
            CARE: 0.9,
            CLIMATE: 0.9,
            REGENERATION: 0.7,
            LOCALITY: 0.6,
            COMMUNITY: 0.4,
            EDI: 0.3,
        },
    ),
    LEADERSHIP_THEME: ThemeRule(
        patterns=(
            (r"leadership", 1.5),
            (r"(?<!in\s)(?<!take\s)(?<!took\s)(?<!takes\s)(?<!taking\s)place", 1.0),
            (r"partners?|partnerships?", 1.0),
            (r"relationships?|relations", 1.0),
            (r"stakeholders?", 1.0),
            (r"influenc\w*", 1.0),
        ),
        priors={
            PARTNERSHIPS: 1.0,
            COMMUNICATIONS: 1.0,
            COMMUNITY: 0.8,
            LOCALITY: 0.7,
            REGENERATION: 0.6,
            MANAGEMENT: 0.5,
            MEMBERS: 0.4,
            STAFF: 0.5,
            PRIORITIES: 0.3,
        },
    ),
    GOVERNANCE_THEME: ThemeRule(
        patterns=(
            (r"governance", 1.0),
            (r"cultur(?:e|al)", 1.0),
        ),
        priors={
            GOVERNANCE: 1.0,
            CULTURE: 1.0,
            MEMBERS: 0.9,
            EDI: 0.6,
            PERFORMANCE: 0.7,
            STAFF: 0.2,
        },
    ),
    FINANCE_THEME: ThemeRule(
        patterns=((r"financ\w*", 1.0),),
        priors={
            FINANCE: 1.0,
        },
    ),
    CAPACITY_THEME: ThemeRule(
        patterns=(
            (r"capacity", 1.0),
            (r"improvement", 1.0),
            (r"skills?|organi[sz]ational development|fit for the future", 1.0),
            (r"resourc\w*", 1.0),
            (r"change", 0.5),
        ),
        priors={
            TRANSFORMATION: 1.0,
            WORKFORCE: 1.0,
            MANAGEMENT: 0.9,
            STAFF: 0.8,
            EDI: 0.4,
            CULTURE: 0.3,
            PERFORMANCE: 0.8,
            HOUSING: 0.2,
        },
    ),
}

#: Words in the title count this many times as much as words in the body.
TITLE_WEIGHT = 2.5
#: Each further match of the same pattern adds this share of its weight, up to MAX_REPEATS times:
#: repetition is a signal, but a long text should not win on length alone.
REPEAT_BONUS = 0.2
MAX_REPEATS = 3
#: A topic is reported when it scores at least this much ...
MIN_TOPIC_SCORE = 2.0
#: ... and at least this share of the best topic's score ...
TOPIC_RELATIVE = 0.4
#: ... and no more than this many topics are reported.
MAX_TOPICS = 4
#: Themes after the best are reported when they reach this share of the best theme's score.
THEME_RELATIVE = 0.5
MAX_THEMES = 3
#: Theme given to non-empty text that matches nothing at all, so every recommendation has a theme.
FALLBACK_THEME = PRIORITIES_THEME
#: Most evidence strings kept per label (the strongest first).
MAX_EVIDENCE = 8
#: Characters of a title and of a text that are classified. Recommendations are a paragraph or two (the
#: longest shipped is under 800 characters); beyond this, more words cannot change what a recommendation
#: is about, and scanning them costs time per character while holding the GIL. Evidence is still verbatim.
MAX_CLASSIFY_CHARS = 10_000

# --------------------------------------------------------------------------------------------------
# Matching
# --------------------------------------------------------------------------------------------------

_SEPARATOR = r"[\s\-‐–—/]"


@cache
def _compile(fragment: str) -> re.Pattern[str]:
    """Wrap a pattern fragment in word boundaries, make spaces flexible, ignore case.

    Cached because the same fragments are used for every recommendation in the corpus.
    """
    body = fragment.replace(" ?", _SEPARATOR + "*").replace(" ", _SEPARATOR + "+")
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


@dataclass
class _Tally:
    """Running score and evidence (matched string -> strongest contribution) for one label.

    Evidence is de-duplicated case-insensitively but stored as first written, so it stays verbatim.
    """

    score: float = 0.0
    evidence: dict[str, float] = field(default_factory=dict)
    _folded: dict[str, str] = field(default_factory=dict)

    def note(self, string: str, contribution: float) -> None:
        """Record ``string`` as evidence without changing the score."""
        key = self._folded.setdefault(string.casefold(), string)
        self.evidence[key] = max(self.evidence.get(key, 0.0), contribution)

    def add(self, strings: Iterable[str], contribution: float) -> None:
        """Add ``contribution`` to the score, crediting it to each of ``strings``."""
        self.score += contribution
        for string in strings:
            self.note(string, contribution)

    def strongest(self) -> tuple[str, ...]:
        ranked = sorted(self.evidence.items(), key=lambda kv: -kv[1])
        return tuple(s for s, _ in ranked[:MAX_EVIDENCE])


def _structure(fragment: str) -> Iterator[tuple[int, str, int]]:
    """(index, character, group depth after it) for each ``(``, ``)`` and ``|`` outside classes and escapes."""
    depth, escaped, in_class = 0, False, False
    for i, char in enumerate(fragment):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()|":
            depth += {"(": 1, ")": -1, "|": 0}[char]
            yield i, char, depth


def _split_top_level(fragment: str) -> list[str]:
    """Split a regex fragment at its top-level ``|`` (not inside groups, classes or escapes)."""
    parts, begin = [], 0
    for i, char, depth in _structure(fragment):
        if char == "|" and depth == 0:
            parts.append(fragment[begin:i])
            begin = i + 1
    return [*parts, fragment[begin:]]


def _group_end(fragment: str) -> int:
    """Index of the ``)`` closing the group that opens ``fragment`` (-1 if unbalanced)."""
    return next((i for i, char, depth in _structure(fragment) if char == ")" and depth == 0), -1)


@cache
def _required_prefixes(fragment: str) -> tuple[str, ...]:
    """Lower-case strings one of which every match of ``fragment`` contains; () when none is known.

    A substring test on them skips most regex scans: each recommendation is checked against every
    fragment of every topic, and most fragments' opening words are not in it. Only literal openings
    are used (a word, or a non-capturing group of alternatives each opening with a word); anything
    else (classes, case-sensitive groups, optional groups) gets no filter, so the test never drops a match.
    """
    branches = _split_top_level(fragment)
    if len(branches) > 1:
        found = [_required_prefixes(branch) for branch in branches]
        return () if any(not f for f in found) else tuple(p for f in found for p in f)
    if fragment.startswith("(?:"):
        end = _group_end(fragment)
        if end < 0 or fragment[end + 1 : end + 2] in ("?", "*", "{"):
            return ()
        return _required_prefixes(fragment[3:end])
    run = re.match(r"[a-z0-9]+", fragment)
    if not run:
        return ()
    prefix = run.group(0)
    if fragment[run.end() : run.end() + 1] in ("?", "*", "{"):
        prefix = prefix[:-1]  # "residents?": the last letter is optional
    return (prefix,) if len(prefix) >= 3 else ()


def _match(rules: Sequence[Rule], title: str, body: str, tally: _Tally) -> None:
    """Score ``rules`` against a title and body, adding contributions and matched strings to ``tally``."""
    lowered = f"{title}\n{body}".lower()
    for fragment, weight in rules:
        prefixes = _required_prefixes(fragment)
        if prefixes and not any(p in lowered for p in prefixes):
            continue
        regex = _compile(fragment)
        title_hits = [m.group(0) for m in regex.finditer(title)] if title else []
        body_hits = [m.group(0) for m in regex.finditer(body)] if body else []
        hits = title_hits + body_hits
        if not hits:
            continue
        base = weight * (TITLE_WEIGHT if title_hits else 1.0)
        contribution = base + REPEAT_BONUS * weight * min(len(hits) - 1, MAX_REPEATS)
        tally.add(hits, contribution)


# --------------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Classification:
    """The labels for one recommendation, best first, with the words that justify each.

    ``evidence`` maps every reported topic and theme to strings that occur verbatim in the title or
    text, so the dashboard can highlight them. ``scores`` holds every topic's and theme's score (0.0
    when nothing matched) for charts and thresholds; topics and themes never share a name.
    """

    lga_themes: tuple[str, ...]
    topics: tuple[str, ...]
    evidence: dict[str, tuple[str, ...]]
    scores: dict[str, float]


def _opening_words(text: str, limit: int = 60) -> str:
    """A verbatim slice of the text's start, used as evidence when nothing else matched."""
    stripped = text.strip()
    if len(stripped) <= limit:
        return stripped
    cut = stripped[:limit]
    space = cut.rfind(" ")
    return cut[:space].rstrip() if space > 0 and cut[:space].strip() else cut


def classify(text: str, *, title: str | None = None) -> Classification:
    """Classify a recommendation into topics and LGA core themes, with evidence for each label.

    ``title`` is the recommendation's headline and counts :data:`TITLE_WEIGHT` times as much as
    ``text``. Any non-blank input gets at least one LGA theme (the fallback theme when nothing matches,
    with the text's opening words as evidence); blank input gets no labels. Never raises on str input.
    Only the first :data:`MAX_CLASSIFY_CHARS` characters of each are read.
    """
    title = (title or "")[:MAX_CLASSIFY_CHARS]
    text = (text or "")[:MAX_CLASSIFY_CHARS]
    topic_tallies = {topic: _Tally() for topic in TOPICS}
    for topic, rules in TOPIC_KEYWORDS.items():
        _match(rules, title, text, topic_tallies[topic])

    theme_tallies = {theme: _Tally() for theme in LGA_THEMES}
    for theme, rule in THEME_RULES.items():
        tally = theme_tallies[theme]
        _match(rule.patterns, title, text, tally)
        for topic, prior in rule.priors.items():
            source = topic_tallies[topic]
            if source.score > 0:
                tally.score += prior * source.score
                for string, contribution in source.evidence.items():
                    tally.note(string, prior * contribution)

    best_topic = max((t.score for t in topic_tallies.values()), default=0.0)
    topic_floor = max(MIN_TOPIC_SCORE, TOPIC_RELATIVE * best_topic)
    topics = tuple(
        sorted(
            (t for t in TOPICS if topic_tallies[t].score >= topic_floor),
            key=lambda t: (-topic_tallies[t].score, TOPICS.index(t)),
        )[:MAX_TOPICS]
    )

    best_theme = max(t.score for t in theme_tallies.values())
    themes: tuple[str, ...]
    if best_theme > 0:
        themes = tuple(
            sorted(
                (t for t in LGA_THEMES if theme_tallies[t].score >= THEME_RELATIVE * best_theme),
                key=lambda t: (-theme_tallies[t].score, LGA_THEMES.index(t)),
            )[:MAX_THEMES]
        )
    elif (title + text).strip():
        themes = (FALLBACK_THEME,)
        opening = _opening_words(title) if title.strip() else _opening_words(text)
        theme_tallies[FALLBACK_THEME].note(opening, 0.0)
    else:
        themes = ()

    evidence = {label: topic_tallies[label].strongest() for label in topics}
    evidence.update({label: theme_tallies[label].strongest() for label in themes})
    scores = {label: round(topic_tallies[label].score, 3) for label in TOPICS}
    scores.update({label: round(theme_tallies[label].score, 3) for label in LGA_THEMES})
    return Classification(lga_themes=themes, topics=topics, evidence=evidence, scores=scores)


def agreement(hand: list[list[str]], predicted: list[list[str]]) -> dict[str, float]:
    """How well predicted labels agree with hand labels, item by item.

    Returns ``top1`` (share of items whose first predicted label is among the hand labels), ``any``
    (share where the two sets share at least one label), ``jaccard`` (mean intersection over union) and
    ``n`` (items scored). Items with no hand label are skipped: there is nothing to agree with. With no
    scored items every figure is 0.0, so callers can print it without special cases.
    """
    if len(hand) != len(predicted):
        raise ValueError(f"hand has {len(hand)} items but predicted has {len(predicted)}")
    pairs = [(set(h), list(p)) for h, p in zip(hand, predicted, strict=True) if h]
    if not pairs:
        return {"top1": 0.0, "any": 0.0, "jaccard": 0.0, "n": 0.0}
    top1 = sum(1 for h, p in pairs if p and p[0] in h)
    any_ = sum(1 for h, p in pairs if h & set(p))
    jaccard = sum(len(h & set(p)) / len(h | set(p)) for h, p in pairs)
    n = len(pairs)
    return {"top1": top1 / n, "any": any_ / n, "jaccard": jaccard / n, "n": float(n)}
