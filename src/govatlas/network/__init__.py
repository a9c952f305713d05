"""Network and convenings: who takes part in global AI governance (the summits,
plenaries and ministerial meetings, and who endorsed, signed or adopted what they
produced), where participation falls short of the 193 UN Member States, and how states
and organisations are linked by the convenings they share."""
