--
-- PostgreSQL database dump
--

CREATE TABLE public.hoso (ma text NOT NULL, ten text, ngay date);

COPY public.hoso (ma, ten, ngay) FROM stdin;
PG-1	Hoàng Văn Em	2019-03-12
PG-2	Lý Thị\tGấm	2019-03-13
\.
