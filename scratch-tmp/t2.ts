import { niceAxis, logTicks, extent } from '../src/ui/charts/ticks';
for (const [a,b] of [[0,2000],[0.47,0.9],[Infinity,-Infinity],[0,0],[1e-12,1e-12],[0.5, 0.5000000001],[-0,0]]) { try { const r = niceAxis(a,b,5); console.log(a,b,r.ticks.length); } catch(e) { console.log(a,b,'ERR',e.message); } }
console.log(logTicks(50, 50), logTicks(Infinity, -Infinity));
