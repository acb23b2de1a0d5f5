// The country page's score trend: daily snapshots from /api/countries/{code}/history as a line chart.
(function () {
  const el = document.getElementById('trend-chart');
  if (!el || !window.echarts) return;
  const zh = (document.documentElement.lang || 'zh-CN').startsWith('zh');
  fetch('/api/countries/' + encodeURIComponent(el.dataset.country) + '/history')
    .then(r => r.json())
    .then(points => {
      if (!points.length) { el.textContent = zh ? '暂无历史数据。' : 'No history yet.'; return; }
      const chart = echarts.init(el);
      chart.setOption({
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', data: points.map(p => p.day) },
        yAxis: { type: 'value', min: 0, max: 100, name: zh ? '风险指数' : 'Score' },
        series: [{ type: 'line', data: points.map(p => Math.round(p.score)), smooth: true, areaStyle: { opacity: 0.15 } }],
      });
      window.addEventListener('resize', () => chart.resize());
      el.dataset.ready = String(points.length);
    })
    .catch(err => { el.textContent = (zh ? '走势图加载失败：' : 'The trend chart could not load: ') + err; });
})();
