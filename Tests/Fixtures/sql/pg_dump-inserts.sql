--
-- PostgreSQL database dump
--

SET standard_conforming_strings = on;

CREATE TABLE public.ho_so (
    id integer NOT NULL,
    ma_ho_so character varying(30) NOT NULL,
    ho_ten text,
    dia_chi text,
    ngay_nop date,
    le_phi numeric(12,2)
);

--
-- Data for Name: ho_so; Type: TABLE DATA; Schema: public; Owner: motcua
--

INSERT INTO public.ho_so VALUES (1, 'HS-2024-001', 'Nguyễn Văn An', 'It''s C:\temp\n, not escaped', '2024-03-05', 15000.00);
INSERT INTO public.ho_so (id, ma_ho_so, ho_ten, dia_chi, ngay_nop, le_phi) VALUES (2, 'HS-2024-002', E'Tr\u1ea7n Th\U00001ECB\n\x42\101', 'dòng một
dòng hai', NULL, NULL);
INSERT INTO public.ho_so (ma_ho_so, id, ho_ten) OVERRIDING SYSTEM VALUE VALUES
	('HS-2024-003', 3, 'Lê Văn Cường'),
	('HS-2024-004', 4, 'Phạm Thị Dung') ON CONFLICT DO NOTHING;
INSERT INTO public.ho_so VALUES (5, 'HS-2024-005', 'Đỗ'::text, NULL, '2024-03-09'::date, 'NaN'::numeric(12,2));
