#!/usr/bin/env python3
"""Wall time before/after per group of two runs of one sweep: python3 compare_wall.py BEFORE_DIR AFTER_DIR (each holding GROUP/summary.json); totals, steps trained, summarising/training by width and arch."""
import json,glob,os,sys,statistics as st
before,after=sys.argv[1],sys.argv[2]
rows=[]
for f in sorted(glob.glob(after+'/*/summary.json')):
    g=os.path.basename(os.path.dirname(f))
    b=os.path.join(before,g,'summary.json')
    if not os.path.exists(b): print('no before for',g); continue
    A=json.load(open(f));B=json.load(open(b))
    rows.append((g,B['wallSeconds'],B.get('summarySeconds'),A['wallSeconds'],A['summarySeconds'],B['result']['convergence']['lastStep'],A['result']['convergence']['lastStep']))
tb=sum(r[1] for r in rows);ta=sum(r[3] for r in rows)
print('groups',len(rows),'wall before %.0f s after %.0f s (%.2fx)'%(tb,ta,tb/ta))
sb=sum(r[2] for r in rows);sa=sum(r[4] for r in rows)
print('steps trained before %d after %d (%d groups stopped at the same step)'%(sum(r[5] for r in rows),sum(r[6] for r in rows),sum(r[5]==r[6] for r in rows)))
print('summary before %.0f s after %.0f s; training before %.0f after %.0f'%(sb,sa,tb-sb,ta-sa))
def ratio(w,s): return s/(w-s)
for width in sorted(set(int(g.split('.f')[1].split('.')[0]) for g,*_ in rows)):
    rb=[ratio(r[1],r[2]) for r in rows if '.f%d.'%width in r[0]]
    ra=[ratio(r[3],r[4]) for r in rows if '.f%d.'%width in r[0]]
    print('f%d: summary/training median before %.3f after %.3f (after range %.3f-%.3f; %d of %d groups <= 0.15)'%(width,st.median(rb),st.median(ra),min(ra),max(ra),sum(x<=0.15 for x in ra),len(ra)))
for arch in ['topk','batch_topk','matryoshka_batch_topk','jumprelu','relu_l1']:
    for width in sorted(set(int(g.split('.f')[1].split('.')[0]) for g,*_ in rows)):
        sel=[r for r in rows if r[0].split('.')[1]==arch and '.f%d.'%width in r[0]]
        if not sel: continue
        print('  %-22s f%-5d wall %.0f -> %.0f s, ratio median %.3f -> %.3f'%(arch,width,sum(r[1] for r in sel),sum(r[3] for r in sel),st.median([ratio(r[1],r[2]) for r in sel]),st.median([ratio(r[3],r[4]) for r in sel])))
