/**
 * Word lists for synthetic interview transcripts. Each list is in rough order of how often the
 * words are spoken, because the generator turns list position into Zipf rank: the order is what
 * makes "the" common and "reconcile" rare, and so decides how many transcripts a search term hits.
 */

const words = (text: string): string[] => text.trim().split(/\s+/);

/** Spoken function words and the commonest irregular forms: about half of all tokens in speech. */
export const FUNCTION_WORDS = words(`
  the and i to a you that it of we so in is was like um they it's i'm uh for on with but what have
  just do this be yeah know think my our about there not are really at if that's all can as me one
  would or been when out then some more how had were because them don't get very well your from
  going things which who lot kind actually mean by right okay time could now where up did those
  here these sure any much into other over than said make thing even way something through most
  also being after first different while again still before many same should every both each few
  another such own why whether might maybe since though around without across during until within
  against among between usually already often probably always never sometimes quite pretty yes no
  oh he she his her him us went got took made came gave saw told knew thought felt found became
  began kept left brought two three four five ten hundred thousand percent we're they're you're
  i've we've i'd didn't doesn't wasn't isn't can't won't couldn't wouldn't there's what's let's
  could've gotten done seen known taken given written chosen shown grown drawn spoken understood
  ran wrote chose spoke drew grew stood sat held met paid sent spent built led lost meant heard
  read said thought whole able else less least enough together away back down off
`);

/** Verbs whose -s/-ed/-ing forms follow the regular spelling rules (see `inflectVerb`). */
export const VERBS = words(`
  work want need try help start talk use look call move happen change ask learn focus create
  improve manage handle deliver support review test own scale design lead share explain decide
  believe remember realize notice consider expect include continue follow provide develop
  implement discuss describe understand apply reach finish hire join report collect measure track
  solve fix debug deploy release migrate refactor document automate monitor optimize simplify
  prioritize communicate collaborate coordinate negotiate escalate present convince influence
  mentor coach onboard interview evaluate assess estimate schedule organize prepare research
  analyze investigate identify define clarify align agree disagree compromise resolve address
  approach balance pivot adjust adapt iterate experiment validate verify prove launch ship plan
  commit stop drop step map chat submit admit grow struggle manage worry care enjoy appreciate
  value respect trust listen answer respond reply mention suggest recommend propose argue push
  pull merge deploy configure install upgrade maintain support own operate run build
  integrate connect store cache index query load process transform parse render request
  handle retry recover fail crash block unblock wait delay rush miss cover review approve reject
  accept compare contrast combine separate split reduce increase double triple cut save spend
  earn sell buy close open reopen contact follow reach return visit travel relocate move manage
  supervise delegate assign report escalate celebrate recognize reward praise criticize motivate
  inspire encourage challenge question doubt assume guess imagine picture describe summarize
  recap outline draft edit publish present demo pitch sell persuade frame position target
  segment forecast budget price invoice bill charge refund renew cancel upgrade downgrade
  retain churn convert acquire expand partner outsource insource staff train shadow pair
  ramp transition inherit own steward champion sponsor advocate volunteer organize host attend
  participate contribute benefit suffer survive thrive succeed excel lack miss regret apologize
  thank welcome introduce graduate study major specialize certify qualify compete rank score
  reconcile audit comply enforce regulate protect secure encrypt authenticate authorize restrict
`);

/** Countable nouns; plurals are generated. */
export const NOUNS = words(`
  team project time people company role experience problem customer product data system process
  question part example thing year week month day manager goal feedback code issue client
  business decision result change challenge opportunity skill approach solution situation
  conversation meeting deadline priority requirement stakeholder release feature service
  application platform tool test quality performance risk budget cost growth market strategy plan
  engineer developer designer analyst lead director leader colleague peer partner vendor user
  account deal contract proposal quote target quota number metric goal milestone sprint ticket
  bug incident outage alert dashboard report document spec ticket review retro standup demo
  interview candidate offer salary benefit position job career background degree school course
  certificate language framework library database server cluster network service endpoint model
  pipeline workflow task step phase stage level layer component module function method class
  object field table column row record query index cache queue message event stream file folder
  page screen button form flow journey funnel channel campaign segment persona survey study
  insight trend pattern signal hypothesis assumption experiment prototype mockup wireframe sketch
  estimate timeline roadmap backlog scope estimate tradeoff constraint dependency blocker concern
  expectation responsibility accountability ownership initiative effort impact outcome value
  mission vision culture value principle habit routine morning afternoon evening weekend holiday
  office desk laptop phone email call chat thread channel note idea thought story lesson mistake
  failure success win loss gain improvement increase decrease reduction budget resource hour
  minute second moment period quarter half share portion percent chunk piece version draft
  copy instance case scenario edge corner detail point reason cause effect symptom root fix
  patch workaround hack shortcut habit skill strength weakness gap area topic subject field
  industry sector domain niche region country city state town site location building floor room
  manager founder owner investor board executive director officer member volunteer student
  teacher mentor mentee coach intern contractor consultant freelancer recruiter hiring panel
  round loop screen assignment exercise challenge puzzle whiteboard laptop keyboard tablet
  license subscription plan tier discount invoice payment refund renewal upgrade contract term
  policy rule guideline standard practice convention pattern style format template checklist
  audit review compliance regulation law privacy security access permission role credential key
  password token secret certificate incident postmortem runbook playbook escalation rotation
  shift schedule calendar agenda minute note summary update status progress blocker risk issue
  customer buyer seller prospect lead account opportunity forecast territory region partner
  channel reseller distributor supplier manufacturer warehouse shipment order delivery return
  inventory stock price margin revenue profit expense saving investment budget fund grant loan
  neighbor friend family parent child kid brother sister husband wife partner dog cat car bike
  train bus flight trip vacation conference meetup workshop talk presentation slide deck video
  podcast article book blog post newsletter tweet comment reply vote poll ranking rating score
`);

export const ADJECTIVES = words(`
  good great new different important big small hard easy difficult specific technical clear
  simple complex quick interesting useful critical main key strong senior junior best better
  bad worse worst early late long short high low fast slow large huge tiny whole full empty
  real actual possible likely certain sure ready happy excited nervous proud frustrated tired
  busy free open closed public private internal external remote local global early final
  initial current previous next last recent modern legacy stable reliable scalable secure
  flexible rigid strict loose formal informal direct honest fair transparent healthy toxic
  positive negative neutral helpful harmful successful effective efficient productive proactive
  reactive collaborative independent cross functional distributed centralized manual automatic
  accurate precise rough vague obvious subtle major minor significant huge massive expensive
  cheap affordable valuable profitable sustainable realistic ambitious aggressive conservative
  careful creative curious thoughtful patient calm confident humble motivated passionate
  responsible accountable available visible measurable scalable maintainable readable testable
  user friendly customer facing data driven fast paced high level low level long term short term
  entire particular general common rare unique typical normal standard custom basic advanced
  entry mid experienced qualified relevant familiar comfortable uncomfortable painful smooth
  messy broken fragile robust solid weak tight tough brutal intense quiet loud busy crazy wild
`);

export const ADVERBS = words(`
  really actually basically probably definitely quickly clearly eventually honestly literally
  exactly especially mostly mainly generally typically usually rarely frequently constantly
  immediately initially finally recently currently previously directly closely carefully
  heavily slightly roughly nearly almost totally completely fully partly originally naturally
  obviously hopefully unfortunately luckily surprisingly interestingly personally technically
  officially formally informally regularly consistently gradually steadily rapidly slowly
`);

/** First words of interviewer turns, so questions read like questions. */
export const QUESTION_OPENERS = [
  'Can you tell me about a time when',
  'How would you approach',
  'What did you learn from',
  'Walk me through how',
  'Why did you decide to',
  'How do you usually handle',
  'What was the hardest part of',
  'Tell me more about',
  'How did your team',
  'What would you do differently if',
  'Could you give me an example of',
  'How do you prioritize when',
  'What made you choose',
  'How did you measure',
] as const;

export const ANSWER_OPENERS = [
  'Sure.',
  'Yeah, so',
  'That is a good question.',
  'So basically',
  'Honestly,',
  'I think',
  'Right, so',
  'Okay, so',
  'Um, let me think.',
  'In my last role',
  'At my previous company',
  'Good question, so',
] as const;

export const FILLERS = ['um', 'uh', 'you know', 'like', 'I mean', 'kind of', 'sort of'] as const;

/** Interview types with their share of sessions: a handful, as an org really configures. */
export const INTERVIEW_TYPES = [
  ['technical', 30],
  ['behavioral', 22],
  ['system-design', 14],
  ['product-management', 12],
  ['sales', 12],
  ['culture-fit', 10],
] as const;
export type InterviewType = (typeof INTERVIEW_TYPES)[number][0];

/** Jargon by interview type: it clusters in some transcripts, which is what makes it good search bait. */
export const TOPIC_TERMS: Readonly<Record<InterviewType, readonly string[]>> = {
  technical: words(`
    api database postgres typescript kubernetes docker latency migration python react redis kafka
    microservices graphql terraform javascript golang endpoint schema deployment rollback
    observability concurrency refactoring regression webhook serverless lambda nginx grafana
    prometheus elasticsearch mongodb mysql sqlite oauth jwt websocket cicd jenkins github
  `),
  'system-design': words(`
    scalability sharding replication caching throughput availability consistency partitioning
    loadbalancer cdn queue idempotency failover backpressure quorum consensus raft leader
    eventual latency p99 bottleneck hotspot denormalization fanout ratelimiter circuitbreaker
    microservice monolith datacenter region multitenant
  `),
  behavioral: words(`
    conflict feedback mentoring ownership collaboration prioritization ambiguity disagreement
    accountability empathy resilience motivation burnout delegation trust initiative
    perspective compromise escalation recognition vulnerability
  `),
  'product-management': words(`
    roadmap backlog stakeholder retention churn onboarding funnel persona discovery prototype
    okrs kpi adoption experiment hypothesis launch metrics prioritization jira figma
    activation engagement monetization pricing competitor
  `),
  sales: words(`
    quota pipeline prospecting negotiation objection renewal upsell forecast crm salesforce
    territory commission discovery champion procurement enterprise smb arr acv cadence
    outbound inbound demo closing
  `),
  'culture-fit': words(`
    values remote hybrid flexibility inclusion diversity wellbeing transparency curiosity
    autonomy balance growth learning community belonging mission volunteering parental
  `),
};

/**
 * What recruiters type into transcript search: topic jargon (hits one interview type's share of
 * transcripts) and ordinary interview words (hit more). The run prints each term's document
 * frequency so the mix can be judged.
 */
export const SEARCH_TERMS = [
  'kubernetes',
  'postgres',
  'sharding',
  'mentoring',
  'roadmap',
  'negotiation',
  'deadline',
  'conflict',
  'onboarding',
  'outage',
  'salary',
  'reconcile',
] as const;

export const FIRST_NAMES = words(`
  James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard
  Susan Joseph Jessica Thomas Sarah Charles Karen Christopher Lisa Daniel Nancy Matthew Betty
  Anthony Margaret Mark Sandra Donald Ashley Steven Kimberly Paul Emily Andrew Donna Joshua
  Michelle Kenneth Carol Kevin Amanda Brian Dorothy George Melissa Timothy Deborah Ronald
  Stephanie Edward Rebecca Jason Sharon Jeffrey Laura Ryan Cynthia Jacob Kathleen Gary Amy
  Nicholas Angela Eric Shirley Jonathan Anna Stephen Brenda Larry Pamela Justin Emma Scott
  Nicole Brandon Helen Benjamin Samantha Samuel Katherine Gregory Christine Alexander Debra
  Priya Wei Mohammed Fatima Hiroshi Yuki Carlos Sofia Mateo Lucia Arjun Ananya Olga Dmitri
  Kwame Amara Chen Mei Omar Leila Lars Ingrid Pierre Camille Giulia Marco Aisha Tariq Noah Zoe
`);

export const LAST_NAMES = words(`
  Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez
  Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris
  Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill
  Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips
  Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers
  Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson
  Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo
  Sanders Patel Myers Long Ross Foster Jimenez Okafor Mensah Tanaka Sato Suzuki Wang Zhang Liu
  Singh Sharma Gupta Ivanova Petrov Kowalski Novak Muller Schmidt Dubois Rossi Ferrari Silva
  Santos Haddad Nakamura Larsen Johansson Andersen Kaur Ali Hassan Chowdhury Abubakar Osei
`);

export const EMAIL_DOMAINS = ['gmail.com', 'outlook.com', 'yahoo.com', 'proton.me', 'icloud.com', 'hey.com', 'fastmail.com'] as const;
