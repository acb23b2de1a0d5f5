#!/usr/bin/env python3
"""Builds seed-corpus.jsonl: short bilingual risk texts with a category and a 1-5 severity label.

Every phrase below was written for RiskWatch by hand; the script only combines them (event x place x impact x
advice) with a fixed random seed, so the corpus is reproducible: `python3 make_seed.py > seed-corpus.jsonl`.
"""
import json, random

rng = random.Random(20261127)

PLACES = [
    ("the capital", "首都"), ("the northern provinces", "北部省份"), ("the border region", "边境地区"),
    ("the port city", "港口城市"), ("the southern districts", "南部地区"), ("the mining region", "矿区"),
    ("the eastern states", "东部各州"), ("the industrial zone", "工业园区"), ("the coastal areas", "沿海地区"),
    ("the largest city", "最大城市"), ("several provinces", "多个省份"), ("the western highlands", "西部高原"),
    ("the oil-producing delta", "产油三角洲地区"), ("the tourist centre", "旅游中心"), ("the special economic zone", "经济特区"),
]

# category -> list of (English event, Chinese event)
EVENTS = {
    "political": [
        ("the government collapsed after a no-confidence vote", "政府在不信任投票后倒台"),
        ("the president dissolved parliament and called snap elections", "总统解散议会并宣布提前大选"),
        ("a constitutional crisis deepened between the courts and the cabinet", "法院与内阁之间的宪政危机加深"),
        ("the ruling coalition split over the budget", "执政联盟因预算问题分裂"),
        ("the military suspended the constitution and took power", "军方中止宪法并接管政权"),
        ("opposition leaders were arrested ahead of the election", "反对派领导人在选举前被捕"),
        ("the prime minister resigned amid a corruption scandal", "总理因腐败丑闻辞职"),
        ("the election results were disputed by the main parties", "主要政党对选举结果提出异议"),
        ("a cabinet reshuffle replaced the finance and interior ministers", "内阁改组撤换了财政部长和内政部长"),
        ("the government announced a review of contracts signed with foreign investors", "政府宣布审查与外国投资者签订的合同"),
        ("relations with a neighbouring country were downgraded and ambassadors recalled", "与邻国关系降级，双方召回大使"),
        ("a new government pledged to nationalise strategic industries", "新政府承诺将战略性产业收归国有"),
        ("a state of emergency was declared after the coup attempt", "政变未遂后宣布进入紧急状态"),
        ("the local elections passed peacefully with a smooth transfer of power", "地方选举平稳举行，权力顺利交接"),
    ],
    "terrorism": [
        ("a suicide bomber attacked a crowded market", "一名自杀式袭击者在拥挤的市场发动袭击"),
        ("gunmen stormed a hotel popular with foreigners", "武装分子冲入一家外国人常去的酒店"),
        ("an improvised explosive device detonated near a police station", "一枚简易爆炸装置在警察局附近爆炸"),
        ("an extremist group claimed responsibility for the bombing of a bus", "一个极端组织宣称对公交车爆炸事件负责"),
        ("security forces foiled a terrorist plot against a shopping mall", "安全部队挫败了一起针对购物中心的恐怖阴谋"),
        ("militants kidnapped foreign engineers at a construction site", "武装分子在施工现场绑架外国工程师"),
        ("authorities raised the terrorism threat level after online threats", "当局因网络威胁提高恐怖袭击威胁等级"),
        ("a vehicle rammed into pedestrians at a festival", "一辆汽车冲撞节日活动中的行人"),
        ("a grenade was thrown at a religious gathering", "有人向宗教集会人群投掷手榴弹"),
        ("an attack on a convoy carrying mine workers was reported", "一支运送矿工的车队遭到袭击"),
        ("police arrested suspects linked to a terrorist cell", "警方逮捕了与恐怖组织有关的嫌疑人"),
        ("a knife attack took place at a railway station", "火车站发生持刀袭击事件"),
        ("embassies warned of a heightened risk of attacks on foreigners", "多国使馆警告针对外国人的袭击风险上升"),
    ],
    "crime": [
        ("armed robbers targeted foreign business travellers leaving the airport", "持枪劫匪抢劫刚出机场的外国商务旅客"),
        ("a wave of express kidnappings was reported", "当地发生多起快速绑架案"),
        ("car-jackings increased on the highway to the port", "通往港口的公路上劫车案增多"),
        ("burglars broke into the offices of a foreign company", "窃贼闯入一家外国公司的办公室"),
        ("pickpocketing and bag snatching rose in tourist areas", "旅游区扒窃和抢包案件增多"),
        ("gang violence left residents of several neighbourhoods under curfew", "帮派暴力导致多个社区实行宵禁"),
        ("police dismantled a drug trafficking network", "警方捣毁一个贩毒网络"),
        ("a foreign worker was murdered during a home invasion", "一名外国务工人员在入室抢劫中遇害"),
        ("fraudsters posing as police officers extorted money from foreigners", "冒充警察的诈骗分子向外国人勒索钱财"),
        ("cargo thefts from trucks rose sharply", "货车货物盗窃案大幅上升"),
        ("the homicide rate reached a record high", "凶杀案发生率创历史新高"),
        ("criminal groups demanded protection money from shop owners", "犯罪团伙向商户索要保护费"),
        ("telecom fraud gangs lured job seekers with fake offers", "电信诈骗团伙以虚假招聘引诱求职者"),
    ],
    "conflict": [
        ("heavy fighting broke out between the army and rebel forces", "政府军与反政府武装爆发激烈交火"),
        ("airstrikes hit residential areas", "空袭击中居民区"),
        ("artillery shelling continued along the front line", "前线沿线炮击持续"),
        ("armed groups seized control of a provincial capital", "武装组织控制了一个省会城市"),
        ("cross-border clashes erupted between the two armies", "两国军队在边境爆发冲突"),
        ("a ceasefire collapsed and hostilities resumed", "停火协议破裂，战事再起"),
        ("drone strikes targeted energy infrastructure", "无人机袭击能源基础设施"),
        ("landmines were reported on roads leading to the mines", "通往矿区的道路上发现地雷"),
        ("the militia blockaded the main supply route", "民兵封锁了主要补给线"),
        ("missile attacks forced the closure of the airport", "导弹袭击迫使机场关闭"),
        ("peace talks stalled while sporadic clashes continued", "和谈陷入停滞，零星冲突持续"),
        ("troops were mobilised near the disputed frontier", "争议边界附近集结军队"),
        ("the ceasefire largely held with isolated violations", "停火基本得到维持，仅有个别违规事件"),
    ],
    "unrest": [
        ("mass protests against fuel price increases turned violent", "反对燃油涨价的大规模抗议演变为暴力冲突"),
        ("a general strike paralysed transport and ports", "全国大罢工导致交通和港口瘫痪"),
        ("demonstrators blocked major roads and burned tyres", "示威者封锁主要道路并焚烧轮胎"),
        ("riot police used tear gas to disperse crowds", "防暴警察使用催泪瓦斯驱散人群"),
        ("looting of shops followed the protests", "抗议活动后发生商店遭哄抢事件"),
        ("students rallied peacefully outside parliament", "学生在议会外和平集会"),
        ("workers at a foreign-owned factory went on strike over wages", "一家外资工厂的工人因工资问题罢工"),
        ("a curfew was imposed after ethnic riots", "民族骚乱后当局实施宵禁"),
        ("anti-foreigner demonstrations targeted shops run by migrants", "排外示威活动针对移民经营的商店"),
        ("farmers blocked border crossings with tractors", "农民驾驶拖拉机封锁边境口岸"),
        ("opposition supporters clashed with police after the election", "大选后反对派支持者与警察发生冲突"),
        ("community protests halted work at the mine", "社区抗议导致矿山停工"),
        ("unions announced a one-day nationwide strike", "工会宣布举行为期一天的全国罢工"),
    ],
    "economic": [
        ("the currency lost a third of its value against the dollar", "本币对美元贬值三分之一"),
        ("the central bank raised interest rates to curb inflation", "央行加息以抑制通胀"),
        ("the government defaulted on its external bonds", "政府对外债券违约"),
        ("capital controls restricted the transfer of profits abroad", "资本管制限制利润汇出"),
        ("inflation reached its highest level in two decades", "通货膨胀率升至二十年来最高水平"),
        ("the banking sector faced a liquidity crisis", "银行业面临流动性危机"),
        ("foreign exchange shortages delayed payments to importers", "外汇短缺导致进口商付款延迟"),
        ("rating agencies downgraded the sovereign credit rating", "评级机构下调主权信用评级"),
        ("the economy entered recession after two quarters of contraction", "经济连续两个季度萎缩后陷入衰退"),
        ("talks with the IMF on a rescue loan broke down", "与国际货币基金组织的救助贷款谈判破裂"),
        ("fuel and power shortages disrupted factory output", "燃料和电力短缺影响工厂生产"),
        ("growth forecasts were revised slightly downward", "经济增长预期被小幅下调"),
        ("the stock market fell sharply amid capital flight", "资本外逃导致股市大幅下跌"),
    ],
    "regulatory": [
        ("a new law requires majority local ownership in mining companies", "新法律要求矿业公司由本国资本控股"),
        ("tax authorities issued large retroactive tax claims against foreign firms", "税务部门向外国企业追缴大额税款"),
        ("the government revoked the operating licences of several foreign investors", "政府吊销了多家外国投资者的经营许可证"),
        ("new data localisation rules take effect next month", "新的数据本地化规定将于下月生效"),
        ("work permit rules for foreign staff were tightened", "外籍员工工作许可规定收紧"),
        ("an anti-corruption agency raided the offices of a foreign contractor", "反腐机构搜查一家外国承包商的办公室"),
        ("the court froze the assets of a foreign joint venture", "法院冻结了一家外资合资企业的资产"),
        ("environmental regulators suspended a major construction project", "环保部门叫停一个大型建设项目"),
        ("a new labour code raises the minimum wage and severance costs", "新劳动法提高最低工资和解雇补偿标准"),
        ("the investment law was amended to simplify approvals", "投资法修订以简化审批程序"),
        ("customs introduced stricter inspections and new documentation rules", "海关实行更严格的查验和新的单证要求"),
        ("an arbitration award against the state went unpaid", "针对该国政府的仲裁裁决未获执行"),
        ("foreign companies were fined for breaches of local content rules", "外国公司因违反本地成分规定被罚款"),
    ],
    "sanctions": [
        ("new sanctions froze the assets of state-owned banks", "新一轮制裁冻结了国有银行的资产"),
        ("an export ban on advanced chips was announced", "宣布禁止出口先进芯片"),
        ("several companies were added to the sanctions list", "多家公司被列入制裁名单"),
        ("tariffs of 25 percent were imposed on steel imports", "对进口钢铁加征25%的关税"),
        ("the country imposed an embargo on agricultural imports", "该国对农产品进口实施禁运"),
        ("secondary sanctions threaten firms trading with the sanctioned entities", "次级制裁威胁与被制裁实体交易的企业"),
        ("anti-dumping duties were imposed on imported solar panels", "对进口太阳能电池板征收反倾销税"),
        ("export licences for dual-use goods were suspended", "两用物项出口许可被暂停"),
        ("the trade agreement was suspended after a dispute", "贸易协定因争端被暂停"),
        ("a ban on raw ore exports took effect", "原矿出口禁令生效"),
        ("the sanctions regime was extended for another year", "制裁措施延长一年"),
        ("import quotas were relaxed under a new trade deal", "新贸易协议放宽了进口配额"),
        ("banks stopped processing payments linked to sanctioned shipping", "银行停止处理与受制裁航运有关的付款"),
    ],
    "health": [
        ("a cholera outbreak spread to several districts", "霍乱疫情蔓延至多个地区"),
        ("cases of dengue fever rose sharply after the rains", "雨季过后登革热病例急剧增加"),
        ("an Ebola outbreak was confirmed", "确认暴发埃博拉疫情"),
        ("hospitals were overwhelmed by a surge of respiratory infections", "呼吸道感染病例激增导致医院不堪重负"),
        ("a new strain of avian influenza was detected in poultry workers", "在家禽从业人员中检测出新型禽流感病毒"),
        ("a measles epidemic led to school closures", "麻疹疫情导致学校停课"),
        ("malaria cases increased in the mining camps", "矿区营地疟疾病例增加"),
        ("health authorities reported a mpox cluster", "卫生部门报告出现猴痘聚集性病例"),
        ("contaminated water caused a typhoid outbreak", "饮用水污染引发伤寒疫情"),
        ("a shortage of medicines hit public hospitals", "公立医院药品短缺"),
        ("air pollution reached hazardous levels", "空气污染达到危险水平"),
        ("the health ministry declared the end of the outbreak", "卫生部宣布疫情结束"),
        ("quarantine measures were imposed on arrivals from affected areas", "对来自疫区的入境人员实施隔离措施"),
    ],
    "disaster": [
        ("a magnitude 7 earthquake struck", "发生7级地震"),
        ("severe flooding submerged roads and villages", "严重洪灾淹没道路和村庄"),
        ("a tropical cyclone made landfall", "热带气旋登陆"),
        ("a volcanic eruption sent ash across the region", "火山喷发，火山灰覆盖周边地区"),
        ("wildfires spread towards residential areas", "山火向居民区蔓延"),
        ("landslides cut off the main highway", "山体滑坡阻断主要公路"),
        ("a tsunami warning was issued after an offshore quake", "近海地震后发布海啸预警"),
        ("drought caused water rationing and crop failure", "干旱导致限制供水和农作物歉收"),
        ("a heatwave pushed temperatures above 45 degrees", "热浪使气温升至45摄氏度以上"),
        ("heavy snowfall closed mountain passes", "大雪导致山口封闭"),
        ("typhoon rains triggered flash floods", "台风带来的暴雨引发山洪"),
        ("a minor tremor was felt", "有轻微震感"),
        ("river levels rose after days of heavy rain", "连日强降雨后河流水位上涨"),
    ],
    "other": [
        ("the embassy will be closed for the national holiday", "使馆将因国庆假期闭馆"),
        ("the visa application centre moved to a new address", "签证申请中心迁至新址"),
        ("a trade fair will be held next month", "下个月将举办一场贸易博览会"),
        ("the airline resumed direct flights", "航空公司恢复直航"),
        ("a new international airport terminal opened", "新国际机场航站楼启用"),
        ("the consulate updated its office hours", "领事馆调整了办公时间"),
        ("the tourism board launched a new campaign", "旅游局推出新的推广活动"),
        ("daylight saving time begins on Sunday", "夏令时将于周日开始"),
        ("a cultural festival attracted many visitors", "文化节吸引了大量游客"),
        ("the chamber of commerce held its annual meeting", "商会召开年度会议"),
        ("online registration for consular services was introduced", "领事服务开通网上登记"),
        ("road works will cause traffic delays", "道路施工将造成交通延误"),
        ("the public holiday calendar for next year was published", "明年的公共假期安排已公布"),
    ],
}

VIOLENT = {"terrorism", "crime", "conflict", "unrest"}
HAZARD = {"health", "disaster"}
BUSINESS = {"economic", "regulatory", "sanctions", "political"}

IMPACT = {
    "violent": {
        1: [("No injuries were reported and the situation is calm.", "未造成人员伤亡，目前局势平稳。"),
            ("The incident was isolated and quickly contained.", "该事件属孤立事件，已迅速得到控制。")],
        2: [("A few people were slightly injured.", "少数人员受轻伤。"),
            ("Incidents of this kind occur occasionally in the area.", "此类事件在当地时有发生。")],
        3: [("Several people were injured and some roads were closed.", "多人受伤，部分道路封闭。"),
            ("The risk remains elevated in the affected districts.", "受影响地区的风险仍然较高。")],
        4: [("At least twenty people were killed and dozens injured.", "已造成至少二十人死亡、数十人受伤。"),
            ("Violence has spread and the security situation is deteriorating.", "暴力事件蔓延，安全形势持续恶化。")],
        5: [("Hundreds have been killed and tens of thousands displaced.", "已造成数百人死亡，数万人流离失所。"),
            ("Law and order have broken down and foreigners are being evacuated.", "社会秩序崩溃，外国人员正在撤离。")],
    },
    "disaster": {
        1: [("Damage was minor and services are operating normally.", "损失轻微，各项服务运行正常。")],
        2: [("Some local disruption to transport is expected.", "预计当地交通将受到一定影响。")],
        3: [("Hundreds of people were affected and some roads are impassable.", "数百人受灾，部分道路无法通行。")],
        4: [("Dozens of people died and thousands were evacuated.", "已造成数十人死亡，数千人被疏散。")],
        5: [("The death toll exceeds one thousand and a national emergency was declared.", "死亡人数超过一千，全国进入紧急状态。")],
    },
    "health": {
        1: [("Only a handful of cases were recorded.", "仅记录到少量病例。")],
        2: [("Dozens of cases were recorded and authorities are monitoring.", "已记录数十例，当局正在监测。")],
        3: [("Hundreds of cases have been reported across the region.", "该地区已报告数百例病例。")],
        4: [("Thousands of cases and many deaths have been confirmed.", "已确诊数千例，多人死亡。")],
        5: [("The health system has collapsed and borders were closed.", "医疗体系崩溃，边境已关闭。")],
    },
    "business": {
        1: [("Analysts expect little effect on foreign businesses.", "分析人士预计对外国企业影响不大。"),
            ("The change is technical and largely expected.", "此项变化属技术性调整，基本符合预期。")],
        2: [("Some foreign firms may face delays and higher costs.", "部分外国企业可能面临延误和成本上升。"),
            ("Investors are watching the situation closely.", "投资者正密切关注事态发展。")],
        3: [("Foreign investors face significant uncertainty and rising costs.", "外国投资者面临较大不确定性和成本上升。"),
            ("Several projects have been postponed as a result.", "多个项目因此推迟。")],
        4: [("Foreign companies report frozen payments and halted projects.", "外国企业反映款项被冻结、项目停滞。"),
            ("The measures seriously threaten existing investments.", "上述措施严重威胁现有投资。")],
        5: [("Foreign assets are at risk of seizure and business activity has largely stopped.", "外国资产面临被没收的风险，商业活动基本停止。"),
            ("The country is effectively cut off from international markets.", "该国实际上已被隔绝于国际市场之外。")],
    },
    "other": {s: [("", "")] for s in range(1, 6)},
}

ADVICE = {
    1: [("Normal precautions apply.", "请保持正常的安全防范。"), ("No special measures are needed.", "无需采取特别措施。")],
    2: [("Stay alert and follow local news.", "请提高警惕，关注当地新闻。"), ("Businesses should review their contingency plans.", "企业应检查应急预案。")],
    3: [("Avoid the affected areas and limit movements.", "请避开受影响地区，减少外出。"), ("Companies should strengthen security for staff.", "企业应加强员工安全防护。")],
    4: [("Postpone non-essential trips and prepare to leave.", "请推迟非必要行程并做好撤离准备。"), ("Enterprises should suspend operations in the region.", "企业应暂停在该地区的经营活动。")],
    5: [("Leave immediately while commercial flights are available.", "请趁商业航班仍在运营时立即撤离。"), ("All staff should be evacuated without delay.", "所有人员应立即撤离。")],
}

BUSINESS_ADVICE = {
    1: [("No action is needed for now.", "目前无需采取行动。")],
    2: [("Companies should monitor developments.", "企业应关注事态发展。")],
    3: [("Firms should review exposure and contracts.", "企业应评估风险敞口并审查合同。")],
    4: [("Investors should freeze new commitments.", "投资者应暂停新的投资承诺。")],
    5: [("Enterprises should prepare to exit the market.", "企业应做好撤出该市场的准备。")],
}

def group(cat):
    return "violent" if cat in VIOLENT else cat if cat in HAZARD else "business" if cat in BUSINESS else "other"

def make(cat, lang, idx):
    evi = rng.randrange(len(EVENTS[cat])); ev = EVENTS[cat][evi]; place = rng.choice(PLACES)
    sev = 1 if cat == "other" else rng.choices([1, 2, 3, 4, 5], weights=[2, 3, 3, 2, 1])[0]
    imp = rng.choice(IMPACT[group(cat)][sev]); adv = rng.choice((BUSINESS_ADVICE if cat in BUSINESS else ADVICE)[sev])
    use_adv = cat != "other" and rng.random() < 0.7
    if lang == "en":
        e, p = ev[0], place[0]
        title = f"{e[0].upper()}{e[1:]} in {p}" if rng.random() < 0.5 else f"{p[0].upper()}{p[1:]}: {e}"
        body = f"Reports say {e} in {p}. {imp[0]} " + (adv[0] if use_adv else "")
    else:
        e, p = ev[1], place[1]
        title = f"{p}{e}" if rng.random() < 0.5 else f"关注：{p}{e}"
        body = f"据报道，{p}{e}。{imp[1]}" + (adv[1] if use_adv else "")
    return {"title": title[:120], "text": body.strip(), "language": lang, "category": cat, "severity": sev, "event": f"{cat}-{evi:02d}"}

rows = []
for cat in EVENTS:
    for lang in ("en", "zh"):
        seen = set(); i = 0
        while len([r for r in rows if r["category"] == cat and r["language"] == lang]) < 160 and i < 5000:
            r = make(cat, lang, i); i += 1
            if r["text"] in seen: continue
            seen.add(r["text"]); rows.append(r)
for r in rows:
    print(json.dumps(r, ensure_ascii=False))
