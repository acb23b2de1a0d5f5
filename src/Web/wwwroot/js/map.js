// The dashboard's world map: countries coloured by their current RiskWatch level; a click opens the country page.
// Libraries (echarts, topojson-client, world-atlas shapes, ISO codes) come from npm into /lib by the build.
(function () {
  const el = document.getElementById('risk-map');
  if (!el || !window.echarts || !window.topojson) return;
  const lang = document.documentElement.lang || 'zh-CN';
  const zh = lang.startsWith('zh');
  const names = zh ? ['低', '较低', '中等', '高', '极高'] : ['Low', 'Moderate', 'Elevated', 'High', 'Extreme'];
  const colours = ['#2e7d32', '#9e9d24', '#f9a825', '#ef6c00', '#c62828'];
  Promise.all([
    fetch('/lib/countries-110m.json').then(r => r.json()),
    fetch('/lib/codes.json').then(r => r.json()),
    fetch('/api/countries/levels').then(r => r.json()),
  ]).then(([world, codes, levels]) => {
    const byNumeric = Object.fromEntries(codes.map(c => [c[2], c[0]]));
    const geo = topojson.feature(world, world.objects.countries);
    geo.features.forEach(f => { f.properties.name = byNumeric[String(f.id).padStart(3, '0')] || ('x' + f.id); });
    echarts.registerMap('world', geo);
    const chart = echarts.init(el);
    const data = levels.map(l => ({ name: l.iso2, value: l.level, label: l.name }));
    chart.setOption({
      tooltip: { formatter: p => p.data ? `${p.data.label}: ${p.data.value} · ${names[p.data.value - 1]}` : p.name },
      visualMap: {
        type: 'piecewise', left: 10, bottom: 10,
        pieces: [1, 2, 3, 4, 5].map(l => ({ value: l, label: `${l} · ${names[l - 1]}`, color: colours[l - 1] })),
      },
      series: [{ type: 'map', map: 'world', roam: true, data, emphasis: { label: { show: false } }, itemStyle: { borderColor: '#fff', borderWidth: 0.4, areaColor: '#e3e7ec' } }],
    });
    chart.on('click', p => { if (p.data) window.location.href = '/countries/' + p.data.name; });
    window.addEventListener('resize', () => chart.resize());
    el.dataset.ready = String(data.length);
  }).catch(err => { el.textContent = (zh ? '地图加载失败：' : 'The map could not load: ') + err; });
})();
