--
-- PostgreSQL database dump
--

COPY public.t (a, b) FROM stdin;
1	một
2	hai	thừa
3
4	\377\376
5	năm
6	sáu�
\.
