--
-- PostgreSQL database dump
--

-- Dumped from database version 16.2
-- Dumped by pg_dump version 16.2

SET statement_timeout = 0;
SET lock_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET client_min_messages = warning;

--
-- Name: cap_ma(text); Type: FUNCTION; Schema: public; Owner: motcua
--

CREATE FUNCTION public.cap_ma(tien_to text) RETURNS text
    LANGUAGE plpgsql
    AS $$
BEGIN
    -- không phải dữ liệu: INSERT INTO public.ho_so VALUES (99, 'giả');
    INSERT INTO public.nhat_ky VALUES ('cấp mã; ' || tien_to);
    RETURN tien_to || '-' || nextval('public.ma_seq')::text;
END;
$$;


ALTER FUNCTION public.cap_ma(tien_to text) OWNER TO motcua;

CREATE FUNCTION public.ghi_chu() RETURNS text
    LANGUAGE sql
    AS $body$ SELECT 'a;b' || $x$;COPY public.ho_so FROM stdin;$x$ /* ; */ $body$;

SET default_tablespace = '';

SET default_table_access_method = heap;

/* a nested /* comment; */ still a comment; */

--
-- Name: ho_so; Type: TABLE; Schema: public; Owner: motcua
--

CREATE TABLE public.ho_so (
    id integer NOT NULL,
    ma_ho_so character varying(30) NOT NULL,
    "HoTen" text,
    dia_chi text,
    ngay_nop date,
    le_phi numeric(12,2),
    CONSTRAINT ho_so_le_phi_check CHECK ((le_phi >= (0)::numeric))
);


ALTER TABLE public.ho_so OWNER TO motcua;

--
-- Name: nhat_ky; Type: TABLE; Schema: public; Owner: motcua
--

CREATE TABLE public.nhat_ky (
    noi_dung text
);

--
-- Data for Name: nhat_ky; Type: TABLE DATA; Schema: public; Owner: motcua
--

COPY public.nhat_ky (noi_dung) FROM stdin;
khởi tạo
COPY public.ho_so (id) FROM stdin;
\\.
\.


--
-- Data for Name: ho_so; Type: TABLE DATA; Schema: public; Owner: motcua
--

COPY public.ho_so (id, ma_ho_so, "HoTen", dia_chi, ngay_nop, le_phi) FROM stdin;
1	HS-2024-001	Nguyễn Văn An	Số 5, đường Trần Phú\nPhường Minh Khai	2024-03-05	15000.00
2	HS-2024-002	Trần Thị 'Bình'	Thôn "Nà Sài"\\Vị Xuyên\tgiữa\r\b\f\v	\N	\N
3	HS-2024-003	L\303\252 V\xc4\x83n C\306\260\341\273\235ng	\\N không phải null		-1.50
4	HS-2024-004	Phạm Thị Dung	\N	2024-03-08	0.00
\.


--
-- Name: ho_so ho_so_pkey; Type: CONSTRAINT; Schema: public; Owner: motcua
--

ALTER TABLE ONLY public.ho_so
    ADD CONSTRAINT ho_so_pkey PRIMARY KEY (id);


--
-- PostgreSQL database dump complete
--

