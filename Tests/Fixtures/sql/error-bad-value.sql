-- MySQL dump 10.13  Distrib 8.0.36
CREATE TABLE `t` (`a` int, `b` text);
INSERT INTO `t` VALUES (1,'một' 'hai'),(2,(3)),(3,'ba'),(4,),(5,'năm';
INSERT INTO `t` VALUES (6,'sáu');
