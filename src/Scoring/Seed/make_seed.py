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
        ("parliament passed a motion to impeach the president", "议会通过弹劾总统的动议"),
        ("the interim government postponed the elections indefinitely", "临时政府无限期推迟大选"),
        ("a power struggle within the ruling party paralysed decision-making", "执政党内部权力斗争导致决策瘫痪"),
        ("the government expelled several foreign diplomats", "政府驱逐多名外国外交官"),
        ("the new administration promised to renegotiate concession agreements", "新政府承诺重新谈判特许经营协议"),
        ("political tensions rose over a disputed referendum", "围绕一项有争议的全民公投政治紧张局势加剧"),
        ("a separatist party won the regional election", "一个分离主义政党赢得地区选举"),
        ("the junta announced a transition timetable", "军政府宣布过渡时间表"),
        ("the head of state was sworn in for a third term after changing the constitution", "国家元首修宪后宣誓开始第三个任期"),
        ("rival factions formed two competing governments", "敌对派系组建了两个相互对立的政府"),
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
        ("a car bomb exploded outside a government ministry", "一枚汽车炸弹在政府部门外爆炸"),
        ("jihadist fighters attacked a military outpost", "圣战武装分子袭击一处军事哨所"),
        ("a terrorist attack on a church killed worshippers", "一起针对教堂的恐怖袭击造成礼拜者死亡"),
        ("an armed group abducted aid workers for ransom", "一个武装团伙绑架援助人员索要赎金"),
        ("explosives were found on a commercial flight", "在一架民航班机上发现爆炸物"),
        ("insurgents ambushed a convoy of foreign contractors", "叛乱分子伏击外国承包商车队"),
        ("a bomb attack hit the embassy district", "使馆区遭到炸弹袭击"),
        ("the terrorist organisation threatened to target foreign companies", "该恐怖组织威胁袭击外国企业"),
        ("a hostage crisis unfolded at a gas plant", "一座天然气工厂发生人质危机"),
        ("counter-terrorism police killed militants in a raid", "反恐警察在突袭中击毙武装分子"),
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
        ("armed bandits attacked travellers on the road to the mine", "武装匪徒在通往矿区的路上袭击过往人员"),
        ("a series of robberies targeted Chinese-owned shops", "多家华人商店连续遭到抢劫"),
        ("cybercriminals stole funds from company accounts", "网络犯罪分子盗取企业账户资金"),
        ("kidnappers seized a businessman and demanded a ransom", "绑匪劫持一名商人并索要赎金"),
        ("muggings increased near nightlife districts", "夜生活区附近抢劫案增多"),
        ("police officers were accused of extorting bribes at checkpoints", "警察被指在检查站索贿"),
        ("human traffickers lured workers abroad with false promises", "人口贩子以虚假承诺诱骗务工人员出国"),
        ("organised crime groups fought over smuggling routes", "有组织犯罪集团为争夺走私路线发生火并"),
        ("a shooting in a shopping centre left several dead", "购物中心发生枪击事件，造成数人死亡"),
        ("thieves stole copper cable from the railway", "窃贼盗割铁路铜缆"),
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
        ("rebels shelled the outskirts of the capital", "反政府武装炮击首都郊区"),
        ("the war spread to previously calm provinces", "战火蔓延至此前平静的省份"),
        ("fighter jets bombed rebel positions near the oil fields", "战机轰炸油田附近的叛军阵地"),
        ("armed clashes between rival militias killed civilians", "敌对民兵武装冲突造成平民死亡"),
        ("a military offensive was launched to retake the city", "军方发起攻势以夺回该城"),
        ("the border was closed after troops exchanged fire", "两军交火后边境关闭"),
        ("unexploded ordnance remains a danger in former battle zones", "在以往的交战区未爆弹药仍构成危险"),
        ("warring parties signed a humanitarian truce", "交战各方签署人道主义停火协议"),
        ("an invasion by neighbouring forces began at dawn", "邻国军队于黎明时分发动入侵"),
        ("rocket fire hit the airport and an oil terminal", "火箭弹击中机场和石油码头"),
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
        ("thousands marched against the government in the capital", "数千人在首都举行反政府游行"),
        ("protesters stormed the parliament building", "抗议者冲入议会大楼"),
        ("clashes between protesters and security forces left several dead", "抗议者与安全部队发生冲突，造成数人死亡"),
        ("taxi drivers blocked roads to the airport in a protest", "出租车司机封堵通往机场的道路进行抗议"),
        ("riots broke out after a disputed police shooting", "一起有争议的警察枪击事件后爆发骚乱"),
        ("a sit-in by teachers closed schools across the country", "教师静坐抗议导致全国学校停课"),
        ("dockworkers went on strike and the port stopped working", "码头工人罢工，港口停止运作"),
        ("violent demonstrations targeted foreign-owned businesses", "暴力示威活动针对外资企业"),
        ("the opposition called for a week of mass protests", "反对派号召举行为期一周的大规模抗议"),
        ("residents protested against land seizures for an industrial park", "居民抗议为建设工业园征地"),
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
        ("the government devalued the currency by 40 percent", "政府将本币贬值40%"),
        ("annual inflation passed 100 percent", "年通胀率超过100%"),
        ("the state-owned power company failed to pay its suppliers", "国有电力公司拖欠供应商款项"),
        ("sovereign debt restructuring talks with creditors began", "与债权人的主权债务重组谈判启动"),
        ("a housing market slump hit construction firms", "房地产市场低迷冲击建筑企业"),
        ("public debt rose above 120 percent of GDP", "公共债务超过国内生产总值的120%"),
        ("banks limited cash withdrawals", "银行限制现金提取"),
        ("foreign reserves fell to three weeks of imports", "外汇储备降至仅够三周进口"),
        ("the government cut fuel subsidies to reduce the deficit", "政府削减燃油补贴以减少赤字"),
        ("economic growth picked up on strong exports", "出口强劲带动经济增长回升"),
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
        ("a court annulled the concession of a foreign mining company", "法院撤销了一家外国矿业公司的特许权"),
        ("the government plans to expropriate foreign-owned farmland", "政府计划征收外资农场土地"),
        ("new foreign exchange rules require exporters to convert all earnings", "外汇新规要求出口商结汇全部收入"),
        ("visa rules for business travellers were changed without notice", "商务签证规定在未事先通知的情况下变更"),
        ("a windfall tax was imposed on mining profits", "对矿业利润征收暴利税"),
        ("the competition authority opened an investigation into foreign retailers", "竞争主管机构对外国零售商展开调查"),
        ("customs seized imported equipment over paperwork disputes", "海关以单证争议为由扣押进口设备"),
        ("a new mining code raises royalties and state shares", "新矿业法提高矿区使用费和国家持股比例"),
        ("labour inspectors shut down sites employing foreign workers without permits", "劳动监察部门关停雇用无证外籍工人的工地"),
        ("the rules on public procurement now favour local firms", "公共采购规则改为优先本地企业"),
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
        ("the United States imposed sanctions on the central bank", "美国对该国央行实施制裁"),
        ("the European Union adopted a new package of restrictive measures", "欧盟通过新一揽子限制措施"),
        ("an arms embargo was imposed by the Security Council", "安理会实施武器禁运"),
        ("exporters face new licence requirements for technology transfers", "出口商面临技术转让新的许可要求"),
        ("retaliatory tariffs were announced on imported vehicles", "宣布对进口汽车征收报复性关税"),
        ("shipping companies were designated for breaching the oil embargo", "多家航运公司因违反石油禁运被列入名单"),
        ("an entity list designation cut suppliers off from components", "被列入实体清单使供应商无法获得零部件"),
        ("asset freezes were extended to senior officials", "资产冻结措施扩大至高级官员"),
        ("the government restricted exports of rare earths", "政府限制稀土出口"),
        ("sanctions relief was granted for humanitarian trade", "人道主义贸易获得制裁豁免"),
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
        ("a yellow fever outbreak was reported near the border", "边境附近报告黄热病疫情"),
        ("cases of a new respiratory virus were confirmed", "确诊多例新型呼吸道病毒感染病例"),
        ("a plague outbreak was declared in the highlands", "高原地区宣布发生鼠疫疫情"),
        ("health workers went on strike, leaving hospitals understaffed", "医护人员罢工导致医院人手不足"),
        ("rabies cases rose after stray dog attacks", "流浪狗咬人事件后狂犬病病例增加"),
        ("an outbreak of food poisoning affected factory workers", "工厂工人发生集体食物中毒"),
        ("the WHO declared a public health emergency", "世界卫生组织宣布进入突发公共卫生事件状态"),
        ("vaccination is now required for entry", "入境须出示疫苗接种证明"),
        ("a meningitis epidemic spread in the dry season", "旱季脑膜炎疫情蔓延"),
        ("zika virus infections were detected", "检测到寨卡病毒感染"),
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
        ("a powerful earthquake destroyed buildings in the city", "强烈地震摧毁城市建筑"),
        ("monsoon floods displaced thousands of families", "季风洪水致数千户家庭流离失所"),
        ("a hurricane brought destructive winds and storm surge", "飓风带来破坏性大风和风暴潮"),
        ("forest fires caused heavy smoke and airport closures", "森林火灾产生浓烟导致机场关闭"),
        ("a dam burst after torrential rain", "暴雨过后一座水坝决堤"),
        ("aftershocks continued after the quake", "地震后余震不断"),
        ("the volcano alert level was raised and villages evacuated", "火山警戒级别提高，村庄居民被疏散"),
        ("a sandstorm disrupted flights", "沙尘暴影响航班"),
        ("mudslides buried houses in the hills", "泥石流掩埋山区房屋"),
        ("the cyclone season is expected to be more active than usual", "预计本年度气旋季节将比往年活跃"),
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
        ("the national museum reopened after renovation", "国家博物馆翻修后重新开放"),
        ("a new metro line entered service", "一条新地铁线路开通运营"),
        ("the embassy reminded citizens to renew passports early", "使馆提醒公民尽早更换护照"),
        ("an investment promotion conference will take place in the capital", "投资促进大会将在首都举行"),
        ("the ministry published a guide for foreign students", "该部发布外国留学生指南"),
        ("the football season starts this weekend", "足球赛季本周末开幕"),
        ("a direct shipping route was launched", "开通一条直达海运航线"),
        ("the consulate will offer mobile passport services", "领事馆将提供流动护照服务"),
        ("the weather will be mild during the holiday", "假期期间天气温和"),
        ("a language exchange event was organised by the business council", "商业理事会组织了一场语言交流活动"),
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

OTHER_EN = ["Details are available on the official website.", "More information will follow.", "Please check the notice for dates.", "Visitors are welcome."]
OTHER_ZH = ["详情请见官方网站。", "更多信息将另行发布。", "具体日期请查看通知。", "欢迎各界人士参加。"]

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
        opening = rng.choice(["Reports say", "Local media reported that", "Officials confirmed that", "According to our office,", "Sources said", "It was announced that"])
        body = f"{opening} {e} in {p}. {imp[0] or rng.choice(OTHER_EN)} " + (adv[0] if use_adv else "")
    else:
        e, p = ev[1], place[1]
        title = f"{p}{e}" if rng.random() < 0.5 else f"关注：{p}{e}"
        opening = rng.choice(["据报道，", "据当地媒体报道，", "官方证实，", "据我馆了解，", "消息人士称，", "据悉，"])
        body = f"{opening}{p}{e}。{imp[1] or rng.choice(OTHER_ZH)}" + (adv[1] if use_adv else "")
    return {"title": title[:120], "text": body.strip(), "language": lang, "category": cat, "severity": sev, "event": f"{cat}-{evi:02d}"}

rows = []
for cat in EVENTS:
    for lang in ("en", "zh"):
        seen = set(); i = 0
        while len([r for r in rows if r["category"] == cat and r["language"] == lang]) < 170 and i < 8000:
            r = make(cat, lang, i); i += 1
            if r["text"] in seen: continue
            seen.add(r["text"]); rows.append(r)
for r in rows:
    print(json.dumps(r, ensure_ascii=False))
