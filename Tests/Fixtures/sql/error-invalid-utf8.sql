-- MySQL dump 10.13  Distrib 8.0.36
CREATE TABLE `t` (`a` int, `b` text, `c` blob);
INSERT INTO `t` VALUES (1,'Nguyán','ok'),(2,'tá»‘t',_binary 'ÿþ\0'),(3,'xÃ','y');
